using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Engine.Reports;

/// <summary>Writes <c>report.json</c> and <c>report.sarif</c> atomically (temp file, then rename) so a reader never sees half a report.</summary>
public static class ReportWriter
{
    public const string JsonFileName = "report.json";
    public const string SarifFileName = "report.sarif";

    public static async Task WriteAsync(RunReport report, string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        await WriteAtomicAsync(Path.Combine(runDirectory, JsonFileName), JsonSerializer.SerializeToUtf8Bytes(report, ReportJson.Options), cancellationToken);
        await WriteAtomicAsync(Path.Combine(runDirectory, SarifFileName), JsonSerializer.SerializeToUtf8Bytes(Sarif(report), ReportJson.Options), cancellationToken);
    }

    public static RunReport? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, JsonFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunReport>(File.ReadAllBytes(path), ReportJson.Options);
        }
        catch (JsonException error)
        {
            throw new Core.TokenGovException($"{path}: not a readable report ({error.Message})");
        }
    }

    /// <summary>SARIF 2.1.0: a failed task is an error, a skipped or rate-limited one a warning.</summary>
    public static JsonObject Sarif(RunReport report)
    {
        var results = new JsonArray();
        foreach (var task in report.Tasks)
        {
            var level = task.State switch
            {
                "failed" or "cancelled" => "error",
                "skipped" or "rate-limited" or "paused" => "warning",
                _ => null,
            };
            if (level is null)
            {
                continue;
            }

            results.Add(new JsonObject
            {
                ["ruleId"] = $"task-{task.State}",
                ["level"] = level,
                ["message"] = new JsonObject { ["text"] = $"{task.Id} ({task.Title}) {task.State}{(task.Reason is null ? "" : $": {task.Reason}")}" },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = task.Repo } },
                }),
                ["properties"] = new JsonObject { ["taskId"] = task.Id, ["runner"] = task.Runner, ["outputDir"] = task.OutputDirectory },
            });
        }

        return new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "token-gov",
                        ["version"] = VersionInfo.Version,
                        ["rules"] = new JsonArray(
                            Rule("task-failed", "A task failed"),
                            Rule("task-cancelled", "A task was stopped before it finished"),
                            Rule("task-skipped", "A task was skipped"),
                            Rule("task-rate-limited", "A task could not run: every runner was rate-limited"),
                            Rule("task-paused", "A task is paused until its budget has room again")),
                    },
                },
                ["invocations"] = new JsonArray(new JsonObject
                {
                    ["executionSuccessful"] = report.ExitCode == 0,
                    ["exitCode"] = report.ExitCode,
                    ["startTimeUtc"] = report.StartedAt.UtcDateTime.ToString("O"),
                    ["endTimeUtc"] = report.EndedAt?.UtcDateTime.ToString("O"),
                }),
                ["results"] = results,
            }),
        };
    }

    private static JsonObject Rule(string id, string text) =>
        new() { ["id"] = id, ["shortDescription"] = new JsonObject { ["text"] = text } };

    private static async Task WriteAtomicAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
