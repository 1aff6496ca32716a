using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>
/// One task ("hello": create hello.txt in the run's repository) run by the real <c>token-gov run</c> inside an
/// <see cref="IsolatedRun"/>, with the agent CLIs pointed at the simulator; and what its report says of the task.
/// </summary>
public static class GovernedTask
{
    /// <summary>PATH with the pinned CLIs, and Claude Code pointed at the simulator's default scenario.</summary>
    public static Dictionary<string, string> Environment() => new()
    {
        ["PATH"] = $"{Path.GetDirectoryName(AgentClis.Binary("claude"))}:{System.Environment.GetEnvironmentVariable("PATH")}",
        ["ANTHROPIC_BASE_URL"] = IsolatedRun.SimulatorUrl,
        ["ANTHROPIC_API_KEY"] = "sk-sim",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
    };

    /// <summary>Writes the task file (the task, its runner and fallbacks, and any runner profiles) and runs token-gov on it.</summary>
    public static Task<AgentRun> RunAsync(
        IsolatedRun run, string scenario, string runner, string[] fallbacks, JsonObject? runners, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var tasks = new JsonArray(new JsonObject
        {
            ["id"] = "hello",
            ["repo"] = run.Repo,
            ["priority"] = 1,
            ["title"] = "Say hello",
            ["prompt"] = "create hello.txt",
            ["runner"] = runner,
            ["fallbacks"] = new JsonArray([.. fallbacks.Select(name => (JsonNode)name)]),
        });
        JsonNode file = runners is null ? tasks : new JsonObject { ["runners"] = runners, ["tasks"] = tasks };
        File.WriteAllText(Path.Combine(run.Root, "tasks.json"), file.ToJsonString());
        return run.RunProgramAsync(scenario, environment, null, run.Root, "dotnet", [TokenGovProcess.Dll, "run", "tasks.json", "--tui", "off", .. options]);
    }

    /// <summary>The "hello" task as the latest run's report.json gives it.</summary>
    public static JsonNode Reported(IsolatedRun run)
    {
        var runs = new DirectoryInfo(Path.Combine(run.Root, ".token-gov", "runs")).GetDirectories().OrderBy(dir => dir.Name).ToList();
        Assert.NotEmpty(runs);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(runs[^1].FullName, "report.json")))!;
        return report["tasks"]!.AsArray().Single(task => (string?)task!["id"] == "hello")!;
    }

    /// <summary>Points one CLI at <paramref name="baseUrl"/> with the settings ENV-agents.md gives it; returns the model to name.</summary>
    public static string Configure(IsolatedRun run, string cli, string baseUrl, Dictionary<string, string> environment)
    {
        switch (cli)
        {
            case "codex":
                var codexHome = Directory.CreateDirectory(Path.Combine(run.Home, ".codex")).FullName;
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
                Directory.CreateDirectory(Path.Combine(run.Home, ".gemini"));
                File.WriteAllText(Path.Combine(run.Home, ".gemini", "settings.json"),
                    """{"security":{"auth":{"selectedType":"gemini-api-key"}},"privacy":{"usageStatisticsEnabled":false},"general":{"maxAttempts":2}}""");
                environment["GOOGLE_GEMINI_BASE_URL"] = baseUrl;
                environment["GEMINI_API_KEY"] = "sk-sim";
                return "gemini-2.5-flash";
            case "qwen":
                Directory.CreateDirectory(Path.Combine(run.Home, ".qwen"));
                File.WriteAllText(Path.Combine(run.Home, ".qwen", "settings.json"),
                    """{"privacy":{"usageStatisticsEnabled":false},"model":{"generationConfig":{"maxRetries":0}}}""");
                environment["OPENAI_API_KEY"] = "sk-sim";
                environment["OPENAI_BASE_URL"] = baseUrl + "/v1";
                return "sim-model";
            default:
                var config = Path.Combine(run.Home, "opencode.json");
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
}
