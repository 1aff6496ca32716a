using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>
/// Codex, Gemini CLI, Qwen Code and opencode (tools/agents) against the simulator, offline: each completes a turn that
/// writes a file and a text turn, and the usage it reports equals what the simulator served.
/// </summary>
[Collection(AgentCliCollection.Name)]
public sealed class OtherCliSmokeTests : IDisposable
{
    private readonly IsolatedRun _run = new();

    [AgentCliFact]
    public async Task Codex_writes_the_file_with_apply_patch_and_turn_usage_equals_what_was_served()
    {
        var (environment, _) = Configure("codex");

        var run = await _run.RunAsync(Scenarios.Write, environment, null, "codex",
            "exec", "--json", "--skip-git-repo-check", "--sandbox", "workspace-write", "create hello.txt");

        AssertWroteFile(run);
        Assert.Contains(run.StdoutJson, e => (string?)e["item"]?["type"] == "agent_message" && (string?)e["item"]!["text"] == "Created hello.txt.");
        var usage = run.StdoutJson.Single(e => (string?)e["type"] == "turn.completed")["usage"]!;
        Assert.Equal(PromptTotal(run.Served), (long)usage["input_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)usage["cached_input_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_creation_input_tokens"), (long)usage["cache_write_input_tokens"]!);
        Assert.Equal(run.ServedTotal("output_tokens"), (long)usage["output_tokens"]!);
        Assert.Equal(run.ServedTotal("reasoning_tokens"), (long)usage["reasoning_output_tokens"]!);
    }

    [AgentCliFact]
    public async Task Gemini_writes_the_file_with_write_file_and_result_stats_equal_what_was_served()
    {
        var (environment, model) = Configure("gemini");
        environment["GEMINI_CLI_TRUST_WORKSPACE"] = "true";

        var run = await _run.RunAsync(Scenarios.Write, environment, null, "gemini",
            "-p", "create hello.txt", "--output-format", "stream-json", "-m", model, "--approval-mode", "yolo");

        AssertWroteFile(run);
        Assert.Contains(run.StdoutJson, e => (string?)e["type"] == "tool_use" && (string?)e["tool_name"] == "write_file");
        var stats = run.StdoutJson.Single(e => (string?)e["type"] == "result")["stats"]!;
        Assert.Equal(PromptTotal(run.Served), (long)stats["input_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)stats["cached"]!);
        Assert.Equal(run.ServedTotal("output_tokens"), (long)stats["output_tokens"]!);
        Assert.Equal(PromptTotal(run.Served) + run.ServedTotal("output_tokens") + run.ServedTotal("reasoning_tokens"), (long)stats["total_tokens"]!);
    }

    [AgentCliFact]
    public async Task Qwen_writes_the_file_with_write_file_and_result_usage_equals_what_was_served()
    {
        var (environment, model) = Configure("qwen");
        environment["OPENAI_MODEL"] = model;

        var run = await _run.RunAsync(Scenarios.Write, environment, null, "qwen", "--auth-type", "openai", "-o", "stream-json", "--yolo", "create hello.txt");

        AssertWroteFile(run);
        var result = run.StdoutJson.Single(e => (string?)e["type"] == "result");
        Assert.Equal("Created hello.txt.", (string)result["result"]!);
        // result.usage also counts Qwen's background memory request, which the simulator served as auxiliary.
        var usage = result["usage"]!;
        Assert.Equal(PromptTotal(run.Served), (long)usage["input_tokens"]!);
        Assert.Equal(run.ServedTotal("output_tokens"), (long)usage["output_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)usage["cache_read_input_tokens"]!);
    }

    [AgentCliFact]
    public async Task Opencode_writes_the_file_with_write_and_step_tokens_equal_what_was_served()
    {
        var (environment, model) = Configure("opencode");

        var run = await _run.RunAsync(Scenarios.Write, environment, null, "opencode", "run", "--format", "json", "-m", model, "create hello.txt");

        AssertWroteFile(run);
        // The session-title request offers no tools: served as auxiliary, and opencode reports no step for it.
        var agentTurns = run.Served.Where(entry => !(bool)entry["aux"]!).ToList();
        var steps = run.StdoutJson.Where(e => (string?)e["type"] == "step_finish").Select(e => e["part"]!["tokens"]!).ToList();
        Assert.Equal(agentTurns.Count, steps.Count);
        // opencode splits the prompt into fresh input and cache reads, and the completion into output and reasoning.
        Assert.Equal(PromptTotal(agentTurns), steps.Sum(t => (long)t["input"]! + (long)t["cache"]!["read"]!));
        Assert.Equal(Sum(agentTurns, "cache_read_input_tokens"), steps.Sum(t => (long)t["cache"]!["read"]!));
        Assert.Equal(Sum(agentTurns, "output_tokens"), steps.Sum(t => (long)t["output"]! + (long)t["reasoning"]!));
    }

    /// <summary>The CLI's settings as <c>token-gov run</c> is given them, pointed at the simulator; and the model to name.</summary>
    private (Dictionary<string, string> Environment, string Model) Configure(string cli)
    {
        var environment = new Dictionary<string, string>();
        var model = GovernedTask.Configure(_run, cli, IsolatedRun.SimulatorUrl, environment);
        return (environment, model);
    }

    private void AssertWroteFile(AgentRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        Assert.Contains("?? hello.txt", _run.Git("status", "--short"));
        Assert.Contains(run.Served, entry => (string?)entry["action"] == "tool_calls");
        Assert.Contains(run.Served, entry => (string?)entry["action"] == "text" && !(bool)entry["aux"]!);
    }

    private static long Sum(IEnumerable<JsonObject> served, string field) => served.Where(e => e["usage"] is not null).Sum(e => (long)e["usage"]![field]!);

    private static long PromptTotal(IEnumerable<JsonObject> served) =>
        Sum(served, "input_tokens") + Sum(served, "cache_read_input_tokens") + Sum(served, "cache_creation_input_tokens");

    public void Dispose() => _run.Dispose();
}
