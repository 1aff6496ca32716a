using System.Runtime.Versioning;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Cline;
using TokenGovernor.Agents.Runners.Codex;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.Gemini;
using TokenGovernor.Agents.Runners.KiloCode;
using TokenGovernor.Agents.Runners.OpenCode;
using TokenGovernor.Agents.Runners.Qwen;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>Each JSON-lines runner driving a fake CLI (the dummy agent printing that CLI's format) as a real child process.</summary>
[SupportedOSPlatform("linux")]
public sealed class StreamingRunnerTests : IDisposable
{
    private static readonly ProcessLimits Limits = new(TimeSpan.FromSeconds(60), null, TimeSpan.FromSeconds(5));

    private readonly ScratchDirectory _scratch = new();
    private readonly List<AgentEvent> _events = [];

    public void Dispose() => _scratch.Dispose();

    public static TheoryData<string> Runners => ["codex", "gemini", "qwen", "opencode", "cline", "kilocode"];

    private static (IAgentRunner Runner, string Program, string Mode) For(string type) => type switch
    {
        "codex" => (new CodexRunner(), "codex", "--codex-json"),
        "gemini" => (new GeminiRunner(), "gemini", "--gemini-json"),
        "qwen" => (new QwenRunner(), "qwen", "--qwen-json"),
        "opencode" => (new OpenCodeRunner(), "opencode", "--opencode-json"),
        "cline" => (new ClineRunner(), "cline", "--cline-json"),
        _ => (new KiloCodeRunner(), "kilo", "--opencode-json"),
    };

    private async Task<(AgentAttemptResult Result, FakeCli Cli)> RunAsync(string type, AgentRequest? request = null, ProcessLimits? limits = null, params string[] script)
    {
        var (runner, program, mode) = For(type);
        var cli = new FakeCli(_scratch, program, mode, script);
        var result = await runner.RunAsync(request ?? cli.Request(), limits ?? Limits, _events.Add, TimeProvider.System, default, default);
        return (result, cli);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_run_reports_its_session_texts_usage_and_final_message_and_writes_the_file(string type)
    {
        var (result, cli) = await RunAsync(type, null, null, "--turns", "2", "--usage", "100,10,50", "--write", "hello.txt");

        Assert.True(result.Success, $"{type}: {result.FinalMessage} / {string.Join(" | ", _events)}");
        Assert.Null(result.Failure);
        var started = Assert.IsType<AgentStarted>(_events[0]);
        Assert.Equal(result.SessionId, started.SessionId);
        // Cline's messages name no session; every other CLI's first event does.
        Assert.Equal(type != "cline", !string.IsNullOrEmpty(started.SessionId));
        var expected = new TokenUsage(Input: 200, Output: 20, CacheCreation: 0, CacheRead: 100, Reasoning: 0);
        Assert.Equal(expected, result.Tokens);
        Assert.Equal(expected, _events.OfType<AgentUsage>().Aggregate(TokenUsage.Zero, (sum, usage) => sum + usage.Tokens));
        Assert.Equal("Turn 2 of 2: do the work", result.FinalMessage);
        Assert.Equal(result.FinalMessage, File.ReadAllText(Path.Combine(cli.OutputDirectory, "final.txt")));
        Assert.NotEmpty(_events.OfType<AgentToolUse>());
        Assert.Equal("hello from the dummy\n", File.ReadAllText(Path.Combine(cli.Repo, "hello.txt")));
        Assert.True(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_rate_limited_run_is_not_a_success_and_carries_the_reset_time(string type)
    {
        var before = DateTimeOffset.UtcNow;

        var (result, _) = await RunAsync(type, null, null, "--rate-limit");

        Assert.False(result.Success);
        Assert.Equal(ServiceFailureKind.RateLimited, result.Failure?.Kind);
        if (type == "codex")
        {
            // Codex says only "exceeded retry limit, last status: 429": no reset time to read.
            Assert.Null(result.Failure!.ResetsAt);
        }
        else
        {
            Assert.InRange(result.Failure!.ResetsAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
        }

        Assert.Contains(_events.OfType<AgentRateLimited>(), limit => limit.GaveUp);
        Assert.False(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Theory]
    [MemberData(nameof(Runners))]
    public async Task A_run_stopped_by_its_runtime_limit_is_never_a_success(string type)
    {
        var limits = new ProcessLimits(TimeSpan.FromSeconds(1.5), null, TimeSpan.FromSeconds(5));

        var (result, _) = await RunAsync(type, null, limits, "--turns", "50", "--turn-delay", "200");

        Assert.False(result.Success);
        Assert.Equal(StopReason.MaxRuntime, result.Process.StopReason);
        Assert.False(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Theory]
    [InlineData("codex")]
    [InlineData("gemini")]
    public async Task A_run_stopped_before_its_usage_report_still_counts_every_served_response_from_its_session_log(string type)
    {
        var (runner, program, mode) = For(type);
        var cli = new FakeCli(_scratch, program, mode, "--turns", "50", "--turn-delay", "300", "--usage", "100,10,50", "--session-log");
        var request = cli.Request() with { Environment = new Dictionary<string, string?>(cli.Request().Environment) { ["HOME"] = _scratch.File("home") } };
        var limits = new ProcessLimits(TimeSpan.FromSeconds(2), null, TimeSpan.FromSeconds(5));

        var result = await runner.RunAsync(request, limits, _events.Add, TimeProvider.System, default, default);

        Assert.False(result.Success);
        Assert.Equal(StopReason.MaxRuntime, result.Process.StopReason);
        // Each turn's text reached stdout right before its usage reached the log.
        var turns = File.ReadLines(Path.Combine(cli.OutputDirectory, "output.log")).Count(line => line.Contains(" of 50: do the work", StringComparison.Ordinal));
        Assert.InRange(turns, 1, 49);
        Assert.Equal(new TokenUsage(100 * turns, 10 * turns, 0, 50 * turns, 0), result.Tokens);
        Assert.Equal(result.Tokens, _events.OfType<AgentUsage>().Aggregate(TokenUsage.Zero, (sum, usage) => sum + usage.Tokens));
    }

    [Fact]
    public async Task Codex_gets_an_argv_list_with_model_sandbox_resume_and_the_prompt_after_a_double_dash()
    {
        var cli = new FakeCli(_scratch, "codex", "--codex-json");
        var request = cli.Request("-rm everything? no: fix the bug", "gpt-5.5") with { ResumeSessionId = "01a1ffac-0000" };

        await new CodexRunner().RunAsync(request, Limits, _events.Add, TimeProvider.System, default, default);

        Assert.Equal(["exec", "--json", "--skip-git-repo-check", "--sandbox", "workspace-write", "-m", "gpt-5.5", "resume", "01a1ffac-0000", "--", "-rm everything? no: fix the bug"], cli.Arguments);
    }

    [Fact]
    public async Task Gemini_runs_in_yolo_mode_and_trusts_the_repository()
    {
        var cli = new FakeCli(_scratch, "gemini", "--gemini-json");

        await new GeminiRunner().RunAsync(cli.Request("say hi", "gemini-2.5-flash") with { ResumeSessionId = "33253f1c" }, Limits, _events.Add, TimeProvider.System, default, default);

        Assert.Equal(["--prompt=say hi", "--output-format", "stream-json", "--approval-mode", "yolo", "-m", "gemini-2.5-flash", "--resume", "33253f1c"], cli.Arguments);
        Assert.Equal("true", cli.Environment["GEMINI_CLI_TRUST_WORKSPACE"]);
    }

    [Fact]
    public async Task Other_providers_keys_are_stripped_unless_the_profile_sets_them()
    {
        var cli = new FakeCli(_scratch, "qwen", "--qwen-json");
        var profile = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-mock", ["GROQ_API_KEY"] = "on-purpose" };
        var request = cli.Request("say hi", environment: profile);
        var inherited = new[] { "ANTHROPIC_API_KEY", "GEMINI_API_KEY" };
        foreach (var key in inherited)
        {
            Environment.SetEnvironmentVariable(key, "inherited-" + key);
        }

        try
        {
            await new QwenRunner().RunAsync(request, Limits, _events.Add, TimeProvider.System, default, default);
        }
        finally
        {
            foreach (var key in inherited)
            {
                Environment.SetEnvironmentVariable(key, null);
            }
        }

        Assert.Equal("sk-mock", cli.Environment["OPENAI_API_KEY"]);
        Assert.Equal("on-purpose", cli.Environment["GROQ_API_KEY"]);
        Assert.All(inherited, key => Assert.False(cli.Environment.ContainsKey(key), key));
        Assert.Equal(["--auth-type", "openai", "-o", "stream-json", "--yolo", "say hi"], cli.Arguments);
    }

    [Fact]
    public async Task Opencode_and_kilo_take_the_model_and_session_and_a_prompt_starting_with_a_dash_stays_the_prompt()
    {
        var opencode = new FakeCli(_scratch, "opencode", "--opencode-json");
        await new OpenCodeRunner().RunAsync(opencode.Request("--help me", "mock/mock-model") with { ResumeSessionId = "ses_1" }, Limits, _events.Add, TimeProvider.System, default, default);
        Assert.Equal(["run", "--format", "json", "-m", "mock/mock-model", "--session", "ses_1", " --help me"], opencode.Arguments);

        var kilo = new FakeCli(_scratch, "kilo", "--opencode-json");
        await new KiloCodeRunner().RunAsync(kilo.Request("fix it", "anthropic/claude-sonnet-4-5"), Limits, _events.Add, TimeProvider.System, default, default);
        Assert.Equal(["run", "--auto", "--format", "json", "-m", "anthropic/claude-sonnet-4-5", "fix it"], kilo.Arguments);
    }
}
