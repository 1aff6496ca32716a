using System.Diagnostics;
using System.Runtime.Versioning;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Claude;

[SupportedOSPlatform("linux")]
public sealed class ClaudeRunnerTests : IDisposable
{
    private static readonly ProcessLimits Limits = new(TimeSpan.FromSeconds(60), null, TimeSpan.FromSeconds(5));
    private static readonly TokenUsage PerTurn = new(Input: 100, Output: 10, CacheCreation: 5, CacheRead: 50, Reasoning: 0);

    private readonly ScratchDirectory _scratch = new();
    private readonly List<AgentEvent> _events = [];

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Session_id_comes_from_init_and_usage_is_metered_once_per_message_then_reconciled_with_the_session_log()
    {
        var claude = new FakeClaude(_scratch, "--turns", "3", "--usage-per-turn", "100,10,5,50", "--cost", "0.25");

        var result = await RunAsync(claude.Request());

        Assert.True(result.Success);
        var started = Assert.IsType<AgentStarted>(_events[0]);
        Assert.True(Guid.TryParse(result.SessionId, out _));
        Assert.Equal(result.SessionId, started.SessionId);
        Assert.Equal(result.Process.Pid, started.Pid);
        var usages = _events.OfType<AgentUsage>().ToList();
        Assert.Equal(4, usages.Count);
        Assert.All(usages.Take(3), usage => Assert.Equal(PerTurn with { Output = 1 }, usage.Tokens));
        Assert.Equal(Times(PerTurn, 3), result.Tokens);
        Assert.Equal(result.Tokens, Sum(usages));
        Assert.Equal(0.25m, result.CostUsd);
        Assert.Equal(0.25m, usages.Sum(usage => usage.CostUsd));
        Assert.Equal("Turn 3 of 3: do the work", result.FinalMessage);
        Assert.Equal(result.FinalMessage, File.ReadAllText(Path.Combine(claude.OutputDirectory, "final.txt")));
        Assert.Equal(["Turn 1 of 3: do the work", "Turn 2 of 3: do the work", "Turn 3 of 3: do the work"], _events.OfType<AgentText>().Select(text => text.Text));
        Assert.True(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Fact]
    public async Task Without_a_session_log_the_total_is_the_result_usage()
    {
        var claude = new FakeClaude(_scratch, "--turns", "2", "--usage-per-turn", "100,10,5,50", "--no-session-log");

        var result = await RunAsync(claude.Request());

        Assert.True(result.Success);
        Assert.False(Directory.Exists(claude.SessionLogFolder) && Directory.EnumerateFiles(claude.SessionLogFolder, "*.jsonl", SearchOption.AllDirectories).Any());
        Assert.Equal(Times(PerTurn, 2), result.Tokens);
        Assert.Equal(result.Tokens, Sum(_events.OfType<AgentUsage>()));
    }

    [Fact]
    public async Task An_agent_stopped_by_max_runtime_before_its_result_is_not_a_success_and_still_counts_the_session_log()
    {
        var claude = new FakeClaude(_scratch, "--turns", "100", "--turn-delay", "150", "--usage-per-turn", "100,10,5,50");
        var limits = new ProcessLimits(TimeSpan.FromSeconds(1.5), null, TimeSpan.FromSeconds(5));

        var result = await new ClaudeRunner().RunAsync(claude.Request(), limits, _events.Add, TimeProvider.System, default, default);

        Assert.False(result.Success);
        Assert.Equal(StopReason.MaxRuntime, result.Process.StopReason);
        var turns = _events.OfType<AgentText>().Count();
        Assert.InRange(turns, 1, 99);
        Assert.Equal(Times(PerTurn, turns), result.Tokens);
        Assert.Equal(result.Tokens, Sum(_events.OfType<AgentUsage>()));
        Assert.False(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Fact]
    public async Task Model_and_resume_reach_the_command_line_and_a_resumed_attempt_counts_only_its_own_messages()
    {
        var claude = new FakeClaude(_scratch, "--turns", "2", "--usage-per-turn", "100,10,5,50");
        var first = await RunAsync(claude.Request());

        var second = await RunAsync(claude.Request() with { Model = "claude-opus-4-8", ResumeSessionId = first.SessionId });

        Assert.True(second.Success);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(Times(PerTurn, 2), second.Tokens);
        var arguments = claude.Arguments;
        Assert.Equal("claude-opus-4-8", arguments[arguments.ToList().IndexOf("--model") + 1]);
        Assert.Equal(first.SessionId, arguments[arguments.ToList().IndexOf("--resume") + 1]);
        Assert.Equal(["-p", "--output-format", "stream-json", "--verbose"], arguments.Take(4));
        Assert.Equal(["--", "do the work"], arguments.TakeLast(2));
    }

    [Fact]
    public async Task Other_providers_keys_are_stripped_unless_the_profile_sets_them_and_background_traffic_is_off()
    {
        var claude = new FakeClaude(_scratch);
        System.Environment.SetEnvironmentVariable("DASHSCOPE_API_KEY", "inherited-secret");
        try
        {
            await RunAsync(claude.Request(environment: new Dictionary<string, string?>
            {
                ["GEMINI_API_KEY"] = "from-profile",
                ["ANTHROPIC_API_KEY"] = "sk-mock",
            }));
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("DASHSCOPE_API_KEY", null);
        }

        var environment = claude.Environment;
        Assert.False(environment.ContainsKey("DASHSCOPE_API_KEY"));
        Assert.Equal("from-profile", environment["GEMINI_API_KEY"]);
        Assert.Equal("sk-mock", environment["ANTHROPIC_API_KEY"]);
        Assert.Equal("1", environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"]);
        Assert.Equal("1", environment["DISABLE_TELEMETRY"]);
        Assert.Equal("1", environment["DISABLE_AUTOUPDATER"]);
    }

    [Fact]
    public async Task A_checkpoint_message_on_stdin_makes_the_agent_commit_its_work_and_end()
    {
        var claude = new FakeClaude(_scratch, "--turns", "200", "--turn-delay", "100", "--write-file", "work.txt", "half done\n");
        Git(claude.Repo, "init", "-q");
        File.WriteAllText(Path.Combine(claude.Repo, "README"), "repo\n");
        Git(claude.Repo, "add", "-A");
        Git(claude.Repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "initial");
        var input = new AgentInput();
        var sent = false;

        var result = await new ClaudeRunner().RunAsync(claude.Request() with { Input = input }, Limits, agentEvent =>
        {
            _events.Add(agentEvent);
            if (agentEvent is AgentText && !sent)
            {
                sent = input.TrySend("Budget almost spent: checkpoint now — commit your work and summarise.");
            }
        }, TimeProvider.System, default, default);

        Assert.True(sent);
        Assert.True(result.Success);
        Assert.Equal(0, result.Process.ExitCode);
        Assert.StartsWith("Checkpoint: committed", result.FinalMessage, StringComparison.Ordinal);
        Assert.Equal("checkpoint", Git(claude.Repo, "log", "-1", "--format=%s").Trim());
        Assert.Equal("half done\n", Git(claude.Repo, "show", "HEAD:work.txt"));
        Assert.Contains("--input-format", claude.Arguments);
        Assert.DoesNotContain("--", claude.Arguments);
        Assert.False(input.TrySend("too late"));
    }

    [Fact]
    public async Task With_input_but_no_message_the_agent_ends_once_its_prompt_is_answered()
    {
        var claude = new FakeClaude(_scratch, "--turns", "2", "--usage-per-turn", "100,10,5,50");

        var result = await RunAsync(claude.Request() with { Input = new AgentInput() });

        Assert.True(result.Success);
        Assert.Equal("Turn 2 of 2: do the work", result.FinalMessage);
        Assert.Equal(Times(PerTurn, 2), result.Tokens);
    }

    [Fact]
    public async Task Rate_limit_retries_are_reported_and_the_attempt_is_not_a_success()
    {
        var claude = new FakeClaude(_scratch, "--rate-limit");

        var result = await RunAsync(claude.Request());

        Assert.False(result.Success);
        Assert.Equal(1, result.Process.ExitCode);
        var limited = _events.OfType<AgentRateLimited>().ToList();
        Assert.Equal(3, limited.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], limited.Take(2).Select(e => e.RetryAfter!.Value));
        Assert.All(limited.Take(2), e => Assert.False(e.GaveUp));
        Assert.True(limited[2].GaveUp);
        Assert.Contains("429", result.FinalMessage, StringComparison.Ordinal);
        Assert.Equal(TokenUsage.Zero, result.Tokens);
    }

    [Fact]
    public async Task A_missing_claude_is_a_failure_with_exit_code_127()
    {
        var request = new AgentRequest("t", "hi", _scratch.Path, _scratch.File("out"), null, new Dictionary<string, string?> { ["PATH"] = _scratch.File("empty") });

        var result = await RunAsync(request);

        Assert.False(result.Success);
        Assert.Equal(127, result.Process.ExitCode);
        Assert.Null(result.SessionId);
    }

    private Task<AgentAttemptResult> RunAsync(AgentRequest request) =>
        new ClaudeRunner().RunAsync(request, Limits, _events.Add, TimeProvider.System, default, default);

    private static TokenUsage Sum(IEnumerable<AgentUsage> usages) => usages.Aggregate(TokenUsage.Zero, (sum, usage) => sum + usage.Tokens);

    private static TokenUsage Times(TokenUsage usage, int count) => new(usage.Input * count, usage.Output * count, usage.CacheCreation * count, usage.CacheRead * count, usage.Reasoning * count);

    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return output;
    }
}
