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
        var codexHome = Directory.CreateDirectory(Path.Combine(_run.Home, ".codex")).FullName;
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model = "gpt-5.5"
            model_provider = "sim"
            check_for_update_on_startup = false
            [analytics]
            enabled = false
            [features]
            plugins = false
            remote_plugin = false
            [model_providers.sim]
            name = "sim"
            base_url = "{IsolatedRun.SimulatorUrl}/v1"
            env_key = "SIM_API_KEY"
            wire_api = "responses"
            """);

        var run = await _run.RunAsync(Scenarios.Write, new Dictionary<string, string> { ["CODEX_HOME"] = codexHome, ["SIM_API_KEY"] = "sk-sim" }, null, "codex",
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
        Directory.CreateDirectory(Path.Combine(_run.Home, ".gemini"));
        File.WriteAllText(Path.Combine(_run.Home, ".gemini", "settings.json"),
            """{"security":{"auth":{"selectedType":"gemini-api-key"}},"privacy":{"usageStatisticsEnabled":false},"general":{"maxAttempts":2}}""");

        var run = await _run.RunAsync(Scenarios.Write, new Dictionary<string, string>
        {
            ["GOOGLE_GEMINI_BASE_URL"] = IsolatedRun.SimulatorUrl,
            ["GEMINI_API_KEY"] = "sk-sim",
            ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
        }, null, "gemini", "-p", "create hello.txt", "--output-format", "stream-json", "-m", "gemini-2.5-flash", "--approval-mode", "yolo");

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
        Directory.CreateDirectory(Path.Combine(_run.Home, ".qwen"));
        File.WriteAllText(Path.Combine(_run.Home, ".qwen", "settings.json"), """{"privacy":{"usageStatisticsEnabled":false}}""");

        var run = await _run.RunAsync(Scenarios.Write, new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-sim",
            ["OPENAI_BASE_URL"] = IsolatedRun.SimulatorUrl + "/v1",
            ["OPENAI_MODEL"] = "sim-model",
        }, null, "qwen", "--auth-type", "openai", "-o", "stream-json", "--yolo", "create hello.txt");

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
        var config = Path.Combine(_run.Home, "opencode.json");
        File.WriteAllText(config, """
            {"$schema": "https://opencode.ai/config.json",
             "provider": {"sim": {"npm": "@ai-sdk/openai-compatible", "name": "sim",
               "options": {"baseURL": "BASE_URL/v1", "apiKey": "sk-sim"},
               "models": {"sim-model": {"name": "Simulated Model", "limit": {"context": 200000, "output": 32000}}}}},
             "model": "sim/sim-model", "small_model": "sim/sim-model", "autoupdate": false, "share": "disabled"}
            """.Replace("BASE_URL", IsolatedRun.SimulatorUrl, StringComparison.Ordinal));

        var run = await _run.RunAsync(Scenarios.Write, new Dictionary<string, string>
        {
            ["OPENCODE_CONFIG"] = config,
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
            ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
            ["npm_config_offline"] = "true",
        }, null, "opencode", "run", "--format", "json", "-m", "sim/sim-model", "create hello.txt");

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
