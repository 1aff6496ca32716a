using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Core;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Tests.Reports;

public sealed class ReportWriterTests : IAsyncLifetime, IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private RunReport _report = null!;

    private string RunDirectory => _scratch.File("runs/one");

    public async Task InitializeAsync()
    {
        await using var store = await SqliteGovernorStore.OpenAsync(_scratch.File("governor.db"), TimeProvider.System, CancellationToken.None);
        var run = await RecordedRun.WriteAsync(store, RunDirectory, CancellationToken.None);
        _report = await ReportBuilder.BuildAsync(store, run, RecordedRun.EndedAt, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _scratch.Dispose();

    private JsonNode Sarif() => JsonNode.Parse(File.ReadAllText(Path.Combine(RunDirectory, ReportWriter.SarifFileName)))!;

    private static string Json(RunReport report) => JsonSerializer.Serialize(report, ReportJson.Options);

    [Fact]
    public async Task Report_json_reads_back_equal_in_substance()
    {
        await ReportWriter.WriteAsync(_report, RunDirectory, CancellationToken.None);

        var read = ReportWriter.Read(RunDirectory);

        Assert.NotNull(read);
        Assert.Equal(Json(_report), Json(read));
        Assert.Equal(_report.Summary, read.Summary);
        Assert.Equal(_report.Tokens, read.Tokens);
        Assert.Equal(_report.CostUsd, read.CostUsd);
        Assert.Equal(_report.StartedAt, read.StartedAt);
        Assert.Equal(RecordedRun.PlanOrder, read.Tasks.Select(task => task.Id));
    }

    [Fact]
    public async Task Report_json_uses_snake_case_names_and_wire_states()
    {
        await ReportWriter.WriteAsync(_report, RunDirectory, CancellationToken.None);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RunDirectory, ReportWriter.JsonFileName)))!;

        Assert.Equal(RecordedRun.RunId, (string?)json["run_id"]);
        Assert.Equal(1, (int)json["summary"]!["rate_limited"]!);
        Assert.Equal("rate-limited", (string?)json["tasks"]![3]!["state"]);
        Assert.Equal(1500, (long)json["tasks"]![0]!["duration_ms"]!);
    }

    [Fact]
    public async Task Writing_leaves_no_temporary_files_and_replaces_an_older_report()
    {
        await ReportWriter.WriteAsync(_report with { State = RunStates.Running }, RunDirectory, CancellationToken.None);

        await ReportWriter.WriteAsync(_report, RunDirectory, CancellationToken.None);

        Assert.Equal(RunStates.Failed, ReportWriter.Read(RunDirectory)!.State);
        Assert.Equal([ReportWriter.JsonFileName, ReportWriter.SarifFileName], Directory.GetFiles(RunDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sarif_is_version_2_1_0_with_errors_for_failures_warnings_for_skipped_and_rate_limited_and_nothing_else()
    {
        await ReportWriter.WriteAsync(_report, RunDirectory, CancellationToken.None);

        var sarif = Sarif();
        var run = sarif["runs"]![0]!;
        var levels = run["results"]!.AsArray().ToDictionary(result => (string)result!["properties"]!["taskId"]!, result => (string?)result!["level"]);

        Assert.Equal("2.1.0", (string?)sarif["version"]);
        Assert.Equal("token-gov", (string?)run["tool"]!["driver"]!["name"]);
        Assert.Equal(new Dictionary<string, string?> { ["api"] = "error", ["docs"] = "warning", ["quota"] = "warning" }, levels);
        Assert.False((bool)run["invocations"]![0]!["executionSuccessful"]!);
        Assert.Equal(1, (int)run["invocations"]![0]!["exitCode"]!);
    }

    [Fact]
    public async Task Sarif_result_names_the_rule_the_repo_and_the_reason()
    {
        await ReportWriter.WriteAsync(_report, RunDirectory, CancellationToken.None);

        var failed = Sarif()["runs"]![0]!["results"]!.AsArray().Single(result => (string?)result!["properties"]!["taskId"] == "api")!;

        Assert.Equal("task-failed", (string?)failed["ruleId"]);
        Assert.Equal("api (Task api) failed: exit code 3: tests failed", (string?)failed["message"]!["text"]);
        Assert.Equal("acme/api", (string?)failed["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]);
    }

    [Fact]
    public void Reading_a_run_without_a_report_gives_null()
    {
        Assert.Null(ReportWriter.Read(_scratch.File("runs/none")));
    }

    [Fact]
    public void Reading_a_damaged_report_is_an_error_naming_the_file()
    {
        _scratch.Write("runs/broken/report.json", "{\"run_id\": ");

        var error = Assert.Throws<TokenGovException>(() => ReportWriter.Read(_scratch.File("runs/broken")));

        Assert.Contains(_scratch.File("runs/broken/report.json"), error.Message);
        Assert.Contains("not a readable report", error.Message);
    }
}
