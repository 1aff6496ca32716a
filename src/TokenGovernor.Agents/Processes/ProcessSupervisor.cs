using System.Runtime.ExceptionServices;
using System.Text;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// Runs one process as the leader of a new session and process group, so that stopping it reaches every
/// process it started, and returns only when none of them is left running.
/// </summary>
public static class ProcessSupervisor
{
    // Bounds the wait for output EOF after the group is gone: a process that left the group (its own
    // setsid, a daemon) may hold the pipe open forever.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="RunAsync(ProcessSpec, ProcessLimits, string, string, Action{string}?, Action{int}?, TimeProvider, CancellationToken, CancellationToken)"/>
    public static Task<ProcessResult> RunAsync(
        ProcessSpec spec,
        ProcessLimits limits,
        string stdoutLogPath,
        string stderrLogPath,
        Action<string>? onStdoutLine,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop) =>
        RunAsync(spec, limits, stdoutLogPath, stderrLogPath, onStdoutLine, onStarted: null, time, gracefulStop, forcedStop);

    /// <summary>
    /// Starts the process, feeds its stdin from <see cref="ProcessSpec.Stdin"/> when the spec has one,
    /// copies stdout and stderr to their logs (created or truncated) as they arrive,
    /// hands each stdout line to <paramref name="onStdoutLine"/>, enforces <paramref name="limits"/>, and
    /// stops the whole group on <paramref name="gracefulStop"/> (SIGTERM, then SIGKILL after the grace
    /// period) or <paramref name="forcedStop"/> (SIGKILL at once).
    /// </summary>
    /// <param name="onStarted">Called with the pid (= process group id) once the process has started.</param>
    /// <returns>
    /// How the process ended. A program that cannot be executed (not found, not executable) ends like it
    /// would in a shell: exit code 127 or 126, the reason in the stderr log, pid 0 and no start reported.
    /// </returns>
    /// <exception cref="System.ComponentModel.Win32Exception">The working directory cannot be entered, or the system refused to start a process.</exception>
    public static async Task<ProcessResult> RunAsync(
        ProcessSpec spec,
        ProcessLimits limits,
        string stdoutLogPath,
        string stderrLogPath,
        Action<string>? onStdoutLine,
        Action<int>? onStarted,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        Validate(limits);

        CreateLogDirectories(stdoutLogPath, stderrLogPath);
        using var stdoutLog = new LogFile(stdoutLogPath);
        using var stderrLog = new LogFile(stderrLogPath);
        if (!ChildProcess.TryStart(spec, out var process, out var failure))
        {
            var failedAt = time.GetUtcNow();
            stderrLog.Write(Encoding.UTF8.GetBytes(failure.Message + "\n"));
            return new ProcessResult(0, failure.ExitCode, null, StopReason.None, null, failedAt, failedAt, null);
        }

        using var child = process;
        var startedAt = time.GetUtcNow();
        var pid = child.Pid;
        ReportStarted(child, onStarted);

        using var run = new SupervisedRun(pid, limits, time);
        using var pumpCancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var lines = new StdoutLines(onStdoutLine, e => run.RequestKill($"stdout handler failed: {e.Message}"));
        var stdoutPump = OutputPump.RunAsync(child.StandardOutput, stdoutLog, lines, run.OnStdoutActivity, pumpCancel.Token);
        var stderrPump = OutputPump.RunAsync(child.StandardError, stderrLog, lines: null, onData: null, pumpCancel.Token);
        using var inputCancel = new CancellationTokenSource();
        var inputPump = child.StandardInput is { } stdin && spec.Stdin is { } input
            ? InputPump.RunAsync(stdin, input, inputCancel.Token)
            : Task.CompletedTask;

        using (gracefulStop.Register(() => run.RequestStop(StopReason.Interrupted, "interrupted")))
        using (forcedStop.Register(() => run.RequestKill("killed")))
        {
            await run.SuperviseAsync(child.Exited).ConfigureAwait(false);
        }

        await inputCancel.CancelAsync().ConfigureAwait(false);
        await inputPump.ConfigureAwait(false);

        var drained = Task.WhenAll(stdoutPump, stderrPump);
        if (!drained.IsCompleted)
        {
            pumpCancel.CancelAfter(DrainTimeout);
        }

        await drained.ConfigureAwait(false);
        var endedAt = time.GetUtcNow();

        if (lines.HandlerFailure is { } handlerFailure)
        {
            ExceptionDispatchInfo.Throw(handlerFailure);
        }

        var exit = await child.Exited.ConfigureAwait(false);
        return new ProcessResult(pid, exit.ExitCode, exit.Signal, run.Reason, run.Description, startedAt, endedAt, lines.LastNonBlankLine);
    }

    // Checked before anything starts: a timer refusing its due time later would leave the process unsupervised.
    private static void Validate(ProcessLimits limits)
    {
        Check(limits.MaxRuntime, "max runtime", allowZero: false);
        Check(limits.IdleTimeout, "idle timeout", allowZero: false);
        Check(limits.GracePeriod, "grace period", allowZero: true);

        static void Check(TimeSpan? limit, string name, bool allowZero)
        {
            var longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
            if (limit is { } value && (value < TimeSpan.Zero || value > longest || (value == TimeSpan.Zero && !allowZero)))
            {
                throw new ArgumentOutOfRangeException(nameof(limits), value, $"The {name} must be positive and at most {longest.TotalDays:0} days.");
            }
        }
    }

    // Before the output pumps start, so that the start is reported before any line is.
    private static void ReportStarted(ChildProcess child, Action<int>? onStarted)
    {
        try
        {
            onStarted?.Invoke(child.Pid);
        }
        catch
        {
            ProcessGroup.Signal(child.Pid, Libc.SigKill);
            child.Exited.Wait();
            throw;
        }
    }

    // Both logs usually share a folder, which then is created once.
    private static void CreateLogDirectories(string stdoutLogPath, string stderrLogPath)
    {
        var stdoutDirectory = Path.GetDirectoryName(Path.GetFullPath(stdoutLogPath));
        var stderrDirectory = Path.GetDirectoryName(Path.GetFullPath(stderrLogPath));
        if (stdoutDirectory is not null)
        {
            Directory.CreateDirectory(stdoutDirectory);
        }

        if (stderrDirectory is not null && !string.Equals(stderrDirectory, stdoutDirectory, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(stderrDirectory);
        }
    }
}
