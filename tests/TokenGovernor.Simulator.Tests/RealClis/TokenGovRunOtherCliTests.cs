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
        var task = Task(LatestReport());
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
        var task = Task(LatestReport());
        Assert.Equal("completed", (string?)task["state"]);
        // The trail names runner profiles: the task's profile "agent" is this CLI.
        Assert.Equal("agent→claude", (string?)task["tried"]);
        Assert.Contains("[via claude] tried agent→claude", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(run.Served, entry => (int?)entry["status"] == 429);
    }

    private Task<AgentRun> RunAsync(string cli, string baseUrl, string scenario, string[] fallbacks, params string[] options)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.GetDirectoryName(AgentClis.Binary("claude"))}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["ANTHROPIC_BASE_URL"] = IsolatedRun.SimulatorUrl,
            ["ANTHROPIC_API_KEY"] = "sk-sim",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
        };
        var model = Configure(cli, baseUrl, environment);
        var file = new JsonObject
        {
            ["runners"] = new JsonObject { ["agent"] = new JsonObject { ["type"] = cli, ["model"] = model } },
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["id"] = "hello",
                ["repo"] = _run.Repo,
                ["priority"] = 1,
                ["title"] = "Say hello",
                ["prompt"] = "create hello.txt",
                ["runner"] = "agent",
                ["fallbacks"] = new JsonArray([.. fallbacks.Select(name => (JsonNode)name)]),
            }),
        };
        File.WriteAllText(Path.Combine(_run.Root, "tasks.json"), file.ToJsonString());
        return _run.RunProgramAsync(scenario, environment, null, _run.Root, "dotnet", [TokenGovProcess.Dll, "run", "tasks.json", "--tui", "off", .. options]);
    }

    /// <summary>Points one CLI at <paramref name="baseUrl"/> with the settings ENV-agents.md gives it; returns the model to name.</summary>
    private string Configure(string cli, string baseUrl, Dictionary<string, string> environment)
    {
        switch (cli)
        {
            case "codex":
                var codexHome = Directory.CreateDirectory(Path.Combine(_run.Home, ".codex")).FullName;
                File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
                    model_provider = "sim"
                    check_for_update_on_startup = false
                    [analytics]
                    enabled = false
                    [features]
                    plugins = false
                    remote_plugin = false
                    [model_providers.sim]
                    name = "sim"
                    base_url = "{baseUrl}/v1"
                    env_key = "SIM_API_KEY"
                    wire_api = "responses"
                    request_max_retries = 1
                    stream_max_retries = 1
                    """);
                environment["CODEX_HOME"] = codexHome;
                environment["SIM_API_KEY"] = "sk-sim";
                return "gpt-5.5";
            case "gemini":
                Directory.CreateDirectory(Path.Combine(_run.Home, ".gemini"));
                File.WriteAllText(Path.Combine(_run.Home, ".gemini", "settings.json"),
                    """{"security":{"auth":{"selectedType":"gemini-api-key"}},"privacy":{"usageStatisticsEnabled":false},"general":{"maxAttempts":2}}""");
                environment["GOOGLE_GEMINI_BASE_URL"] = baseUrl;
                environment["GEMINI_API_KEY"] = "sk-sim";
                return "gemini-2.5-flash";
            case "qwen":
                Directory.CreateDirectory(Path.Combine(_run.Home, ".qwen"));
                File.WriteAllText(Path.Combine(_run.Home, ".qwen", "settings.json"),
                    """{"privacy":{"usageStatisticsEnabled":false},"model":{"generationConfig":{"maxRetries":0}}}""");
                environment["OPENAI_API_KEY"] = "sk-sim";
                environment["OPENAI_BASE_URL"] = baseUrl + "/v1";
                return "sim-model";
            default:
                var config = Path.Combine(_run.Home, "opencode.json");
                File.WriteAllText(config, """
                    {"$schema": "https://opencode.ai/config.json",
                     "provider": {"sim": {"npm": "@ai-sdk/openai-compatible", "name": "sim",
                       "options": {"baseURL": "BASE_URL/v1", "apiKey": "sk-sim"},
                       "models": {"sim-model": {"name": "Simulated Model", "limit": {"context": 200000, "output": 32000}}}}},
                     "model": "sim/sim-model", "small_model": "sim/sim-model", "autoupdate": false, "share": "disabled"}
                    """.Replace("BASE_URL", baseUrl, StringComparison.Ordinal));
                environment["OPENCODE_CONFIG"] = config;
                environment["OPENCODE_DISABLE_MODELS_FETCH"] = "1";
                environment["OPENCODE_DISABLE_AUTOUPDATE"] = "1";
                environment["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1";
                environment["npm_config_offline"] = "true";
                return "sim/sim-model";
        }
    }

    private JsonNode LatestReport()
    {
        var runs = new DirectoryInfo(Path.Combine(_run.Root, ".token-gov", "runs")).GetDirectories().OrderBy(dir => dir.Name).ToList();
        Assert.NotEmpty(runs);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(runs[^1].FullName, "report.json")))!;
    }

    private static JsonNode Task(JsonNode report) => report["tasks"]!.AsArray().Single(task => (string?)task!["id"] == "hello")!;
}
