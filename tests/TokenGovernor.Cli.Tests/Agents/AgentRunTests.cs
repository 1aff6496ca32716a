using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Agents;

/// <summary><c>token-gov run</c> with tasks whose runner is an agent CLI: here a fake on PATH printing that CLI's real format.</summary>
public sealed class AgentRunTests : IDisposable
{
    private readonly AgentCliSandbox _agents = new();

    public void Dispose() => _agents.Dispose();

    public static TheoryData<string, string, string> Agents => new()
    {
        { "codex", "codex", "--codex-json" },
        { "gemini", "gemini", "--gemini-json" },
        { "qwen", "qwen", "--qwen-json" },
        { "opencode", "opencode", "--opencode-json" },
        { "cline", "cline", "--cline-json" },
        { "kilocode", "kilo", "--opencode-json" },
    };

    [Theory]
    [MemberData(nameof(Agents))]
    public async Task A_task_run_by_an_agent_cli_completes_with_its_file_written_and_its_tokens_in_the_report(string runner, string program, string mode)
    {
        _agents.FakeAgent(program, mode, "--turns", "2", "--usage", "1000,100,500", "--write", "hello.txt");
        _agents.TaskFor(runner);

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hello from the dummy\n", File.ReadAllText(_agents.RepoFile("hello.txt")));
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal("Turn 2 of 2: create hello.txt", (string?)task["final_message"]);
        Assert.Equal(2000, (long)task["tokens"]!["input"]!);
        Assert.Equal(200, (long)task["tokens"]!["output"]!);
        Assert.Equal(1000, (long)task["tokens"]!["cache_read"]!);
        Assert.Equal(3200, (long)task["tokens"]!["total"]!);
        // The prompt is one argument of an argv list, never part of a shell string.
        Assert.Contains(_agents.ArgumentsOf(program), argument => argument is "create hello.txt" or "--prompt=create hello.txt");
    }

    [Theory]
    [MemberData(nameof(Agents))]
    public async Task A_rate_limited_agent_never_leaves_its_task_completed(string runner, string program, string mode)
    {
        _agents.FakeAgent(program, mode, "--rate-limit");
        _agents.TaskFor(runner);

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.NotEqual(0, result.ExitCode);
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.NotEqual("completed", (string?)task["state"]);
    }

    [Fact]
    public async Task Qwen_exiting_0_after_a_429_is_not_a_completed_task()
    {
        // Qwen Code reports a final 429 as success: exit code 0, is_error false, the error only in the text.
        _agents.FakeAgent("qwen", "--qwen-json", "--rate-limit");
        _agents.TaskFor("qwen");

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        // Its only runner rate-limited, the task ends rate-limited and the run exits 4.
        Assert.Equal(4, result.ExitCode);
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal("rate-limited", (string?)task["state"]);
        Assert.Contains("429", (string?)task["final_message"], StringComparison.Ordinal);
    }
}
