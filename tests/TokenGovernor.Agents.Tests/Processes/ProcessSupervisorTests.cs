using System.Diagnostics;
using TokenGovernor.Agents.Native;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests.Processes;

public sealed class ProcessSupervisorTests : IDisposable
{
    private static readonly ProcessLimits NoLimits = new(null, null, TimeSpan.FromSeconds(1));

    private readonly ScratchDirectory _scratch = new();
    private readonly SupervisorHarness _harness;

    public ProcessSupervisorTests() => _harness = new SupervisorHarness(_scratch);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Successful_run_hands_over_lines_in_order_and_writes_both_logs()
    {
        var result = await _harness.RunAsync(TestDummy.Spec(_scratch.Path, "--print", "first", "--stderr", "oops", "--print", "done"), NoLimits);

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal(StopReason.None, result.StopReason);
        Assert.Null(result.StopDescription);
        Assert.Equal("done", result.LastStdoutLine);
        Assert.Equal(["pid: " + result.Pid, "first", "done"], _harness.Lines);
        Assert.Equal(result.Pid, _harness.StartedPid);
        Assert.Equal($"pid: {result.Pid}\nfirst\ndone\n", File.ReadAllText(_harness.StdoutLog));
        Assert.Equal("oops\n", File.ReadAllText(_harness.StderrLog));
        Assert.True(result.EndedAt >= result.StartedAt);
    }

    [Fact]
    public async Task Non_zero_exit_is_a_failure_without_a_stop_reason()
    {
        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "echo partial; echo; exit 3"), NoLimits);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal(StopReason.None, result.StopReason);
        Assert.Equal("partial", result.LastStdoutLine);
    }

    [Fact]
    public async Task Process_leads_its_own_session_and_process_group()
    {
        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "cat /proc/$$/stat"), NoLimits);

        var stat = ProcessStat.Parse(result.Pid, result.LastStdoutLine!);
        Assert.NotNull(stat);
        Assert.Equal(result.Pid, stat.ProcessGroup);
        Assert.Equal(result.Pid, stat.Session);
    }

    [Fact]
    public async Task A_last_line_without_newline_still_counts()
    {
        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "printf 'a\\r\\nb'"), NoLimits);

        Assert.Equal(["a", "b"], _harness.Lines);
        Assert.Equal("b", result.LastStdoutLine);
    }

    [Fact]
    public async Task Environment_overrides_are_applied_and_a_null_value_removes_the_variable()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable("PATH"));
        var spec = TestDummy.Shell(_scratch.Path, "echo \"$TG_TEST_VALUE ${HOME:-no-home} $(pwd)\"") with
        {
            Environment = new Dictionary<string, string?> { ["TG_TEST_VALUE"] = "set", ["HOME"] = null },
        };

        var result = await _harness.RunAsync(spec, NoLimits);

        Assert.Equal($"set no-home {_scratch.Path}", result.LastStdoutLine);
    }

    [Fact]
    public async Task Missing_program_fails_with_exit_code_127_and_says_why_on_stderr()
    {
        var result = await _harness.RunAsync(new ProcessSpec("/nonexistent/agent", [], _scratch.Path, new Dictionary<string, string?>()), NoLimits);

        Assert.False(result.Succeeded);
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("/nonexistent/agent", File.ReadAllText(_harness.StderrLog));
    }

    [Fact]
    public async Task Grandchild_holding_stdout_open_does_not_keep_the_run_waiting()
    {
        var clock = Stopwatch.StartNew();

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "sleep 30 & echo \"grandchild-pid: $!\"; echo leader done"), NoLimits);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.True(result.Succeeded);
        Assert.Equal("leader done", result.LastStdoutLine);
        Assert.False(ProcessStat.IsRunningProcess(TestDummy.NumberAfter(_harness.Lines, "grandchild-pid")));
        Assert.False(ProcessGroup.HasRunningMembers(result.Pid));
    }

    [Fact]
    public async Task Process_that_left_the_group_cannot_keep_the_run_waiting_for_output()
    {
        var clock = Stopwatch.StartNew();

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "setsid sleep 3 & echo leader done"), NoLimits);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
        Assert.True(result.Succeeded);
        Assert.Equal("leader done", result.LastStdoutLine);
    }

    [Fact]
    public async Task Invalid_limits_are_rejected_before_anything_starts()
    {
        var marker = _scratch.File("started");
        var spec = TestDummy.Shell(_scratch.Path, $"touch {marker}");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _harness.RunAsync(spec, new ProcessLimits(TimeSpan.Zero, null, TimeSpan.FromSeconds(1))));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _harness.RunAsync(spec, new ProcessLimits(null, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1))));

        Assert.False(File.Exists(marker));
        Assert.Null(_harness.StartedPid);
    }

    [Fact]
    public async Task Many_trivial_processes_run_without_per_process_delays()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            var result = await _harness.RunAsync(new ProcessSpec("sh", ["-c", "true"], _scratch.Path, new Dictionary<string, string?>()), NoLimits);
            Assert.True(result.Succeeded);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"50 runs took {clock.Elapsed}");
    }
}
