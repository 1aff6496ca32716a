using System.Text.Json;

namespace TokenGovernor.Core.Tasks;

/// <summary>
/// Reads a tokencontrol-compatible task file. Every problem is collected with its JSON path rather than
/// stopping at the first, so one <c>validate</c> shows the user everything to fix.
/// </summary>
public static partial class TaskFileParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] TopLevelFields =
    [
        "description", "default_runner", "default_fallbacks", "runners", "parallel_repo", "merge_back",
        "review", "allowed_repos", "tasks",
    ];

    public static TaskFile? Parse(string path, ReadOnlyMemory<byte> json, ProblemList problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException error)
        {
            var line = error.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
            var column = error.BytePositionInLine is { } col ? $", column {col + 1}" : "";
            problems.Add(new Problem(path, "", $"is not valid JSON{column}: {FirstSentence(error.Message)}", "fix the syntax at that position")
            {
                Line = line,
            });
            return null;
        }

        using (document)
        {
            var reader = new FieldReader(path, problems);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                // A bare array of tasks is accepted as a shorthand for {"tasks": [...]}.
                return new TaskFile { Path = path, Tasks = ReadTasks(reader, root, "$") };
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, "$", $"must be an object with a \"tasks\" array, not {Describe(root)}");
                return null;
            }

            reader.RejectUnknown(root, "$", TopLevelFields);
            if (!root.TryGetProperty("tasks", out var tasks))
            {
                problems.Add(path, "$.tasks", "is missing", "add a \"tasks\" array with at least one task");
            }

            return new TaskFile
            {
                Path = path,
                Description = reader.String(root, "$", "description"),
                DefaultRunner = reader.String(root, "$", "default_runner"),
                DefaultFallbacks = reader.StringList(root, "$", "default_fallbacks", allowSingle: false),
                Runners = ReadRunners(reader, root),
                ParallelRepo = reader.Bool(root, "$", "parallel_repo"),
                MergeBack = reader.Bool(root, "$", "merge_back"),
                Review = ReadReview(reader, root),
                AllowedRepos = reader.StringList(root, "$", "allowed_repos", allowSingle: false),
                Tasks = tasks.ValueKind == JsonValueKind.Undefined ? [] : ReadTasks(reader, tasks, "$.tasks"),
            };
        }
    }

    private static Dictionary<string, RunnerProfile> ReadRunners(FieldReader reader, JsonElement root)
    {
        var profiles = new Dictionary<string, RunnerProfile>(StringComparer.Ordinal);
        if (!root.TryGetProperty("runners", out var runners) || runners.ValueKind == JsonValueKind.Null)
        {
            return profiles;
        }

        if (runners.ValueKind != JsonValueKind.Object)
        {
            reader.Problem("$.runners", $"must be an object of named runner profiles, not {Describe(runners)}");
            return profiles;
        }

        foreach (var property in runners.EnumerateObject())
        {
            var profile = RunnerProfileReader.Read(reader, property.Name, property.Value, $"$.runners.{property.Name}");
            if (profile is not null)
            {
                profiles[property.Name] = profile;
            }
        }

        return profiles;
    }

    private static ReviewConfig? ReadReview(FieldReader reader, JsonElement root)
    {
        if (!root.TryGetProperty("review", out var review) || review.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (review.ValueKind == JsonValueKind.True || review.ValueKind == JsonValueKind.False)
        {
            return new ReviewConfig(review.GetBoolean(), null, false);
        }

        if (review.ValueKind != JsonValueKind.Object)
        {
            reader.Problem("$.review", $"must be an object with enabled, runner and fallback_only, not {Describe(review)}");
            return null;
        }

        reader.RejectUnknown(review, "$.review", ["enabled", "runner", "fallback_only"]);
        return new ReviewConfig(
            reader.Bool(review, "$.review", "enabled") ?? true,
            reader.String(review, "$.review", "runner"),
            reader.Bool(review, "$.review", "fallback_only") ?? false);
    }

    private static List<TaskDefinition> ReadTasks(FieldReader reader, JsonElement tasks, string path)
    {
        var result = new List<TaskDefinition>();
        if (tasks.ValueKind != JsonValueKind.Array)
        {
            reader.Problem(path, $"must be an array of tasks, not {Describe(tasks)}");
            return result;
        }

        var index = 0;
        foreach (var element in tasks.EnumerateArray())
        {
            var task = TaskReader.Read(reader, element, index, $"{path}[{index}]");
            if (task is not null)
            {
                result.Add(task);
            }

            index++;
        }

        return result;
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString() ?? "", 40)}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string Truncate(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    private static string FirstSentence(string message)
    {
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd('.', ' ');
    }
}
