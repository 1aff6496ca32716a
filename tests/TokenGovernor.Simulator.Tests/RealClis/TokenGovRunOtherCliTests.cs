using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>
/// <c>token-gov run</c> driving Codex, Gemini CLI, Qwen Code and opencode against the simulator in a loopback-only
/// namespace: a hanging model is ended by the idle timeout, and a rate limit moves the task on to Claude Code.
/// </summary>
[Collection(AgentCliCollection.Name)]
public sealed class TokenGovRunOtherCliTests : IDisposable
{
    private readonly IsolatedRun _run = new();

    public void Dispose() => _run.Dispose();

    [AgentCliTheory]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("opencode")]
    public async Task A_model_that_hangs_is_ended_by_the_idle_timeout_and_the_task_fails(string cli)
    {
        var run = await RunAsync(cli, IsolatedRun.SimulatorUrl, """[{"error": "hang", "hang_seconds": 90, "times": -1}]""", [], "--idle-timeout", "5s", "--grace-period", "1s");

        Assert.True(run.ExitCode == 1, run.ToString());
        var task = GovernedTask.Reported(_run);
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Contains("idle timeout", (string?)task["reason"], StringComparison.Ordinal);
    }

    // Qwen Code goes on retrying a 429 for about 90 s even with maxRetries 0 (ENV-agents.md §4.4), then exits 0 with the
    // error only in its text: the slowest case here, and the one most worth having.
    [AgentCliTheory]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("opencode")]
    public async Task A_rate_limited_agent_hands_the_task_to_claude_which_finishes_it(string cli)
    {
        var scenario = JsonNode.Parse(Scenarios.Write)!.AsObject();
        scenario["scenarios"] = JsonNode.Parse("""{"limited": [{"error": "rate_limit", "retry_after": 1, "times": -1}]}""");

        var run = await RunAsync(cli, IsolatedRun.SimulatorUrl + "/s/limited", scenario.ToJsonString(), ["claude"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        var task = GovernedTask.Reported(_run);
        Assert.Equal("completed", (string?)task["state"]);
        // The trail names runner profiles: the task's profile "agent" is this CLI.
        Assert.Equal("agent→claude", (string?)task["tried"]);
        Assert.Contains("[via claude] tried agent→claude", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(run.Served, entry => (int?)entry["status"] == 429);
    }

    private Task<AgentRun> RunAsync(string cli, string baseUrl, string scenario, string[] fallbacks, params string[] options)
    {
        var environment = GovernedTask.Environment();
        var model = GovernedTask.Configure(_run, cli, baseUrl, environment);
        var runners = new JsonObject { ["agent"] = new JsonObject { ["type"] = cli, ["model"] = model } };
        return GovernedTask.RunAsync(_run, scenario, "agent", fallbacks, runners, environment, options);
    }
}
