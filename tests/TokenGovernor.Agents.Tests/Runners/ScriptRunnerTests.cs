using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners;

public sealed class ScriptRunnerTests : IDisposable
{
    private static readonly ProcessLimits NoLimits = new(null, null, TimeSpan.FromSeconds(1));

    private readonly ScratchDirectory _scratch = new();
    private readonly List<AgentEvent> _events = [];

    public void Dispose() => _scratch.Dispose();

    private string OutputDirectory => _scratch.File("attempts/1");

    [Fact]
    public async Task Script_success_reports_the_last_non_blank_line_as_final_message_and_writes_its_files()
    {
        var result = await RunAsync("echo building; echo 'all tests passed'; echo; echo oops >&2");

        Assert.True(result.Success);
        Assert.Equal("all tests passed", result.FinalMessage);
        Assert.Equal(TokenUsage.Zero, result.Tokens);
        Assert.Equal(0m, result.CostUsd);
        Assert.Null(result.SessionId);
        Assert.Equal("building\nall tests passed\n\n", File.ReadAllText(Path.Combine(OutputDirectory, "output.log")));
        Assert.Equal("oops\n", File.ReadAllText(Path.Combine(OutputDirectory, "stderr.log")));
        Assert.Equal("all tests passed", File.ReadAllText(Path.Combine(OutputDirectory, "final.txt")));
    }

    [Fact]
    public async Task Events_arrive_as_started_then_each_line_then_finished()
    {
        var result = await RunAsync("echo one; echo two");

        var started = Assert.IsType<AgentStarted>(_events[0]);
        Assert.Equal(result.Process.Pid, started.Pid);
        Assert.Equal(["one", "two"], _events.OfType<AgentText>().Select(e => e.Text));
        var finished = Assert.IsType<AgentFinished>(_events[^1]);
        Assert.True(finished.Success);
        Assert.Equal("two", finished.FinalMessage);
        Assert.Equal(4, _events.Count);
    }

    [Fact]
    public async Task Script_runs_in_the_working_directory_with_the_requested_environment()
    {
        var request = Request("echo \"$(pwd) $TG_GREETING\"") with
        {
            Environment = new Dictionary<string, string?> { ["TG_GREETING"] = "hello" },
        };

        var result = await new ScriptRunner().RunAsync(request, NoLimits, null, TimeProvider.System, default, default);

        Assert.Equal($"{_scratch.Path} hello", result.FinalMessage);
    }

    [Fact]
    public async Task Non_zero_exit_is_a_failure_that_still_keeps_the_final_message()
    {
        var result = await RunAsync("echo 'error: 2 tests failed'; exit 1");

        Assert.False(result.Success);
        Assert.Equal(1, result.Process.ExitCode);
        Assert.Equal("error: 2 tests failed", result.FinalMessage);
        Assert.False(Assert.IsType<AgentFinished>(_events[^1]).Success);
    }

    [Fact]
    public async Task Script_stopped_by_a_limit_is_not_a_success_even_if_it_exits_zero()
    {
        var limits = new ProcessLimits(TimeSpan.FromMilliseconds(300), null, TimeSpan.FromSeconds(1));

        var result = await RunAsync("trap 'exit 0' TERM; echo working; while true; do sleep 0.05; done", limits);

        Assert.False(result.Success);
        Assert.Equal(StopReason.MaxRuntime, result.Process.StopReason);
        Assert.Equal("working", result.FinalMessage);
    }

    [Fact]
    public async Task Script_without_output_leaves_an_empty_output_folder()
    {
        var result = await RunAsync("true");

        Assert.True(result.Success);
        Assert.Null(result.FinalMessage);
        Assert.True(Directory.Exists(OutputDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(OutputDirectory));
    }

    [Fact]
    public async Task Only_the_streams_that_carried_output_get_a_log()
    {
        var result = await RunAsync("echo oops >&2");

        Assert.True(result.Success);
        Assert.Equal("oops\n", File.ReadAllText(Path.Combine(OutputDirectory, "stderr.log")));
        Assert.False(File.Exists(Path.Combine(OutputDirectory, "output.log")));
        Assert.False(File.Exists(Path.Combine(OutputDirectory, "final.txt")));
    }

    private AgentRequest Request(string script) =>
        new("build", script, _scratch.Path, OutputDirectory, Model: null, new Dictionary<string, string?>());

    private Task<AgentAttemptResult> RunAsync(string script, ProcessLimits? limits = null) =>
        new ScriptRunner().RunAsync(Request(script), limits ?? NoLimits, _events.Add, TimeProvider.System, default, default);
}
