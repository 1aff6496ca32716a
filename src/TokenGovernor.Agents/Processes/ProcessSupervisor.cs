using System.Diagnostics;
using System.Runtime.ExceptionServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// Runs one process as the leader of a new session and process group, so that stopping it reaches every
/// process it started, and returns only when none of them is left running.
/// </summary>
public static class ProcessSupervisor
{
    private const string SetsidPath = "/usr/bin/setsid";

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
    /// Starts the process, copies stdout and stderr to their logs (created or truncated) as they arrive,
    /// hands each stdout line to <paramref name="onStdoutLine"/>, enforces <paramref name="limits"/>, and
    /// stops the whole group on <paramref name="gracefulStop"/> (SIGTERM, then SIGKILL after the grace
    /// period) or <paramref name="forcedStop"/> (SIGKILL at once).
    /// </summary>
    /// <param name="onStarted">Called with the pid (= process group id) once the process has started.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">setsid could not be started.</exception>
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

        using var stdoutLog = OutputPump.OpenLog(stdoutLogPath);
        using var stderrLog = OutputPump.OpenLog(stderrLogPath);
        using var process = new Process { StartInfo = StartInfoFor(spec) };
        process.Start();
        var startedAt = time.GetUtcNow();
        var pid = process.Id;

        // The child must not wait for input nobody will type; EOF tells it so.
        process.StandardInput.Close();
        ReportStarted(process, onStarted);

        using var run = new SupervisedRun(pid, limits, time);
        using var pumpCancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var lines = new StdoutLines(onStdoutLine, e => run.RequestKill($"stdout handler failed: {e.Message}"));
        var stdoutPump = OutputPump.RunAsync(process.StandardOutput.BaseStream, stdoutLog, lines, run.OnStdoutActivity, pumpCancel.Token);
        var stderrPump = OutputPump.RunAsync(process.StandardError.BaseStream, stderrLog, lines: null, onData: null, pumpCancel.Token);
        var leaderExited = process.WaitForExitAsync(CancellationToken.None);

        using (gracefulStop.Register(() => run.RequestStop(StopReason.Interrupted, "interrupted")))
        using (forcedStop.Register(() => run.RequestKill("killed")))
        {
            await run.SuperviseAsync(leaderExited).ConfigureAwait(false);
        }

        var drained = Task.WhenAll(stdoutPump, stderrPump);
        if (!drained.IsCompleted)
        {
            pumpCancel.CancelAfter(DrainTimeout);
        }

        await drained.ConfigureAwait(false);
        var endedAt = time.GetUtcNow();

        if (lines.HandlerFailure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var exitCode = process.ExitCode;
        return new ProcessResult(pid, exitCode, SignalOf(exitCode), run.Reason, run.Description, startedAt, endedAt, lines.LastNonBlankLine);
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
    private static void ReportStarted(Process process, Action<int>? onStarted)
    {
        try
        {
            onStarted?.Invoke(process.Id);
        }
        catch
        {
            ProcessGroup.Signal(process.Id, Libc.SigKill);
            process.WaitForExit();
            throw;
        }
    }

    private static ProcessStartInfo StartInfoFor(ProcessSpec spec)
    {
        // setsid makes the child the leader of a new session and group. A child forked by .NET is never a
        // group leader already, so setsid execs in place and the pid we see is the program's own.
        var info = new ProcessStartInfo(File.Exists(SetsidPath) ? SetsidPath : "setsid")
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    // .NET reports death by signal N as exit code 128+N; a program exiting with such a code on purpose
    // cannot be told apart.
    private static int? SignalOf(int exitCode) => exitCode is > 128 and <= 128 + 64 ? exitCode - 128 : null;
}
