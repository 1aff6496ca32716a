using System.Diagnostics;
using TokenGovernor.Agents.Native;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests.Processes;

public sealed class ProcessStopTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly SupervisorHarness _harness;

    public ProcessStopTests() => _harness = new SupervisorHarness(_scratch);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Max_runtime_kills_a_process_and_grandchild_that_both_ignore_sigterm()
    {
        var limits = new ProcessLimits(TimeSpan.FromSeconds(2), null, TimeSpan.FromMilliseconds(300));
        var spec = TestDummy.Spec(_scratch.Path, "--ignore-sigterm", "--spawn-grandchild", "30", "--print", "ready", "--sleep", "30000");

        var result = await _harness.RunAsync(spec, limits);

        Assert.Equal(StopReason.MaxRuntime, result.StopReason);
        Assert.Equal("max runtime 2s exceeded", result.StopDescription);
        Assert.Equal(Libc.SigKill, result.Signal);
        Assert.False(result.Succeeded);
        Assert.Contains("ready", _harness.Lines);
        AssertGone(result.Pid, TestDummy.NumberAfter(_harness.Lines, "grandchild-pid"));
    }

    [Fact]
    public async Task Idle_timeout_stops_the_whole_group_including_grandchildren()
    {
        var limits = new ProcessLimits(null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var spec = TestDummy.Shell(_scratch.Path, "sleep 30 & echo \"grandchild-pid: $!\"; echo ready; sleep 30");

        var result = await _harness.RunAsync(spec, limits);

        Assert.Equal(StopReason.IdleTimeout, result.StopReason);
        Assert.Equal("no output for 1s (idle timeout)", result.StopDescription);
        Assert.Equal("ready", result.LastStdoutLine);
        Assert.True(result.Duration < TimeSpan.FromSeconds(3), $"took {result.Duration}");
        AssertGone(result.Pid, TestDummy.NumberAfter(_harness.Lines, "grandchild-pid"));
    }

    [Fact]
    public async Task Stdout_lines_keep_the_idle_timer_from_firing()
    {
        // A shell rather than the dummy: runtime start-up under a loaded machine would count as idle time.
        var limits = new ProcessLimits(null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "for i in 1 2 3 4 5 6 7; do echo line $i; sleep 0.2; done"), limits);

        Assert.True(result.Succeeded, result.StopDescription);
        Assert.Equal("line 7", result.LastStdoutLine);
        Assert.True(result.Duration > TimeSpan.FromSeconds(1.2), $"took {result.Duration}");
    }

    [Fact]
    public async Task Stderr_output_does_not_count_as_activity()
    {
        var limits = new ProcessLimits(null, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "while true; do echo busy >&2; sleep 0.1; done"), limits);

        Assert.Equal(StopReason.IdleTimeout, result.StopReason);
        Assert.Equal(15, result.Signal);
        Assert.Contains("busy", File.ReadAllText(_harness.StderrLog));
    }

    [Fact]
    public async Task Graceful_stop_interrupts_and_leaves_no_process_of_the_group()
    {
        using var graceful = new CancellationTokenSource();
        var running = _harness.RunAsync(TestDummy.Spec(_scratch.Path, "--spawn-grandchild", "30", "--sleep", "30000"), new ProcessLimits(null, null, TimeSpan.FromSeconds(2)), graceful.Token);
        await _harness.WaitForLineAsync("grandchild-pid", running);

        await graceful.CancelAsync();
        var result = await running;

        Assert.Equal(StopReason.Interrupted, result.StopReason);
        Assert.Equal("interrupted", result.StopDescription);
        Assert.False(result.Succeeded);
        AssertGone(result.Pid, TestDummy.NumberAfter(_harness.Lines, "grandchild-pid"));
    }

    [Fact]
    public async Task Forced_stop_kills_at_once_without_waiting_for_the_grace_period()
    {
        using var forced = new CancellationTokenSource();
        var running = _harness.RunAsync(TestDummy.Spec(_scratch.Path, "--ignore-sigterm", "--spawn-grandchild", "30", "--sleep", "30000"), new ProcessLimits(null, null, TimeSpan.FromSeconds(30)), forcedStop: forced.Token);
        await _harness.WaitForLineAsync("grandchild-pid", running);
        var clock = Stopwatch.StartNew();

        await forced.CancelAsync();
        var result = await running;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(StopReason.Killed, result.StopReason);
        Assert.Equal(Libc.SigKill, result.Signal);
        AssertGone(result.Pid, TestDummy.NumberAfter(_harness.Lines, "grandchild-pid"));
    }

    [Fact]
    public async Task Forced_stop_after_a_graceful_stop_keeps_the_run_interrupted()
    {
        using var graceful = new CancellationTokenSource();
        using var forced = new CancellationTokenSource();
        var running = _harness.RunAsync(TestDummy.Spec(_scratch.Path, "--ignore-sigterm", "--print", "ready", "--sleep", "30000"), new ProcessLimits(null, null, TimeSpan.FromSeconds(30)), graceful.Token, forced.Token);
        await _harness.WaitForLineAsync("ready", running);

        await graceful.CancelAsync();
        await Task.Delay(200);
        Assert.False(running.IsCompleted, "SIGTERM is ignored, so only SIGKILL ends it");
        await forced.CancelAsync();
        var result = await running;

        Assert.Equal(StopReason.Interrupted, result.StopReason);
        Assert.Equal(Libc.SigKill, result.Signal);
        AssertGone(result.Pid);
    }

    [Fact]
    public async Task Stopped_process_is_never_a_success_even_when_it_exits_zero_on_sigterm()
    {
        using var graceful = new CancellationTokenSource();
        var running = _harness.RunAsync(TestDummy.Shell(_scratch.Path, "trap 'exit 0' TERM; echo ready; while true; do sleep 0.05; done"), new ProcessLimits(null, null, TimeSpan.FromSeconds(2)), graceful.Token);
        await _harness.WaitForLineAsync("ready", running);

        await graceful.CancelAsync();
        var result = await running;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(StopReason.Interrupted, result.StopReason);
        Assert.False(result.Succeeded);
    }

    private static void AssertGone(params int[] pids)
    {
        foreach (var pid in pids)
        {
            Assert.False(ProcessStat.IsRunningProcess(pid), $"process {pid} is still running");
        }
    }
}
