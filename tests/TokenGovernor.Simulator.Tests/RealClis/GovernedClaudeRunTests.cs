using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>
/// <c>token-gov run</c> driving the real Claude Code against the simulator, all inside one loopback-only namespace:
/// what the user sees in the run's report is what the model served.
/// </summary>
[Collection(AgentCliCollection.Name)]
public sealed class GovernedClaudeRunTests : IDisposable
{
    private readonly IsolatedRun _run = new();

    public void Dispose() => _run.Dispose();

    [AgentCliFact]
    public async Task Token_gov_runs_claude_to_write_a_file_and_reports_exactly_the_tokens_the_model_served()
    {
        var run = await RunTaskAsync(Scenarios.Write);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        var task = Task(LatestReport());
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal("Created hello.txt.", (string?)task["final_message"]);
        var tokens = task["tokens"]!;
        Assert.Equal(run.ServedTotal("input_tokens"), (long)tokens["input"]!);
        Assert.Equal(run.ServedTotal("output_tokens"), (long)tokens["output"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)tokens["cache_read"]!);
        Assert.Equal(run.ServedTotal("cache_creation_input_tokens"), (long)tokens["cache_creation"]!);
    }

    [AgentCliFact]
    public async Task A_model_that_hangs_is_ended_by_the_idle_timeout_and_the_task_fails()
    {
        var run = await RunTaskAsync("""[{"error": "hang", "hang_seconds": 60, "times": -1}]""", "--idle-timeout", "4s", "--grace-period", "1s");

        Assert.True(run.ExitCode == 1, run.ToString());
        var task = Task(LatestReport());
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Contains("idle timeout", (string?)task["reason"], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_run.Repo, "hello.txt")));
    }

    private Task<AgentRun> RunTaskAsync(string scenario, params string[] options)
    {
        var tasks = new JsonArray(new JsonObject
        {
            ["id"] = "hello",
            ["repo"] = _run.Repo,
            ["priority"] = 1,
            ["title"] = "Say hello",
            ["prompt"] = "create hello.txt",
            ["runner"] = "claude",
        });
        File.WriteAllText(Path.Combine(_run.Root, "tasks.json"), tasks.ToJsonString());
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.GetDirectoryName(AgentClis.Binary("claude"))}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["ANTHROPIC_BASE_URL"] = IsolatedRun.SimulatorUrl,
            ["ANTHROPIC_API_KEY"] = "sk-sim",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
        };
        return _run.RunProgramAsync(scenario, environment, null, _run.Root, "dotnet", [TokenGovProcess.Dll, "run", "tasks.json", "--tui", "off", .. options]);
    }

    private JsonNode LatestReport()
    {
        var runs = new DirectoryInfo(Path.Combine(_run.Root, ".token-gov", "runs")).GetDirectories().OrderBy(dir => dir.Name).ToList();
        Assert.NotEmpty(runs);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(runs[^1].FullName, "report.json")))!;
    }

    private static JsonNode Task(JsonNode report) => report["tasks"]!.AsArray().Single(task => (string?)task!["id"] == "hello")!;
}
