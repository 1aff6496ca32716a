using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>
/// <c>token-gov run</c> driving the real Claude Code against the simulator, all inside one loopback-only namespace:
/// what the user sees in the run's report is what the model served.
/// </summary>
[Collection(AgentCliCollection.Name)]
public sealed class TokenGovRunTests : IDisposable
{
    private readonly IsolatedRun _run = new();

    public void Dispose() => _run.Dispose();

    [AgentCliFact]
    public async Task Token_gov_runs_claude_to_write_a_file_and_reports_exactly_the_tokens_the_model_served()
    {
        var run = await RunTaskAsync(Scenarios.Write);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        var task = GovernedTask.Reported(_run);
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
        var task = GovernedTask.Reported(_run);
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Contains("idle timeout", (string?)task["reason"], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_run.Repo, "hello.txt")));
    }

    [AgentCliFact]
    public async Task A_rate_limited_claude_hands_the_task_to_codex_which_finishes_it_and_the_report_shows_the_trail()
    {
        // Claude Code's requests go to the "limited" scenario (429 every time); Codex's to the default one.
        var scenario = JsonNode.Parse(Scenarios.Write)!.AsObject();
        scenario["scenarios"] = JsonNode.Parse("""{"limited": [{"error": "rate_limit", "retry_after": 1, "times": -1}]}""");
        var environment = GovernedTask.Environment();
        GovernedTask.Configure(_run, "codex", IsolatedRun.SimulatorUrl, environment);
        environment["ANTHROPIC_BASE_URL"] = IsolatedRun.SimulatorUrl + "/s/limited";
        environment["CLAUDE_CODE_MAX_RETRIES"] = "1";

        var run = await GovernedTask.RunAsync(_run, scenario.ToJsonString(), "claude", ["codex"], null, environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        var task = GovernedTask.Reported(_run);
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal("claude→codex", (string?)task["tried"]);
        Assert.Contains("[via codex] tried claude→codex", run.Stdout, StringComparison.Ordinal);
        // Claude's 429s were served and refused; what Codex was served is what the task spent.
        Assert.Contains(run.Served, entry => (int?)entry["status"] == 429);
        Assert.Equal(run.ServedTotal("input_tokens"), (long)task["tokens"]!["input"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)task["tokens"]!["cache_read"]!);
    }

    private Task<AgentRun> RunTaskAsync(string scenario, params string[] options) =>
        GovernedTask.RunAsync(_run, scenario, "claude", [], null, GovernedTask.Environment(), options);
}
