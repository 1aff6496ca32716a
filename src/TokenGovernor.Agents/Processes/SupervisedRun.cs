using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// The stop logic of one supervised process group: limits and stop requests lead to SIGTERM, then SIGKILL
/// after the grace period; whatever the leader leaves behind in its group is cleaned up the same way.
/// </summary>
internal sealed class SupervisedRun : IDisposable
{
    // Only used once the leader has exited and members of its group linger: there is no event for the
    // death of a process that is not our child, so that rare path polls.
    private static readonly TimeSpan LingerPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(2);

    private readonly int _processGroup;
    private readonly ProcessLimits _limits;
    private readonly TimeProvider _time;
    private readonly ITimer? _maxRuntimeTimer;
    private readonly ITimer? _idleTimer;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _killRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _leaderEnded;
    private DateTimeOffset? _termSentAt;
    private bool _killSent;

    public SupervisedRun(int processGroup, ProcessLimits limits, TimeProvider time)
    {
        _processGroup = processGroup;
        _limits = limits;
        _time = time;
        if (limits.MaxRuntime is { } maxRuntime)
        {
            var description = $"max runtime {DurationText.Format(maxRuntime)} exceeded";
            _maxRuntimeTimer = time.CreateTimer(_ => RequestStop(StopReason.MaxRuntime, description), null, maxRuntime, Timeout.InfiniteTimeSpan);
        }

        if (limits.IdleTimeout is { } idleTimeout)
        {
            var description = $"no output for {DurationText.Format(idleTimeout)} (idle timeout)";
            _idleTimer = time.CreateTimer(_ => RequestStop(StopReason.IdleTimeout, description), null, idleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    public StopReason Reason { get; private set; }

    public string? Description { get; private set; }

    public void OnStdoutActivity()
    {
        if (_limits.IdleTimeout is { } idleTimeout)
        {
            _idleTimer?.Change(idleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The first reason wins; a request after the leader ended on its own changes nothing.</summary>
    public void RequestStop(StopReason reason, string description)
    {
        lock (_gate)
        {
            if (_leaderEnded || Reason != StopReason.None)
            {
                return;
            }

            Reason = reason;
            Description = description;
        }

        _stopRequested.TrySetResult();
    }

    public void RequestKill(string description)
    {
        lock (_gate)
        {
            if (!_leaderEnded && Reason == StopReason.None)
            {
                Reason = StopReason.Killed;
                Description = description;
            }
        }

        _killRequested.TrySetResult();
    }

    /// <summary>Returns once the leader has exited and no process of its group is running.</summary>
    public async Task SuperviseAsync(Task leaderExited)
    {
        await Task.WhenAny(leaderExited, _stopRequested.Task, _killRequested.Task).ConfigureAwait(false);
        if (!leaderExited.IsCompleted)
        {
            if (!_killRequested.Task.IsCompleted)
            {
                SendTerm();
                using var graceCancel = new CancellationTokenSource();
                var grace = Task.Delay(_limits.GracePeriod, _time, graceCancel.Token);
                await Task.WhenAny(leaderExited, grace, _killRequested.Task).ConfigureAwait(false);
                await graceCancel.CancelAsync().ConfigureAwait(false);
            }

            if (!leaderExited.IsCompleted)
            {
                SendKill();
            }

            await leaderExited.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _leaderEnded = true;
        }

        await CleanUpGroupAsync().ConfigureAwait(false);
    }

    private async Task CleanUpGroupAsync()
    {
        // The happy path: the group died with its leader, and one kill(-pgid, 0) says so.
        if (!ProcessGroup.HasRunningMembers(_processGroup))
        {
            return;
        }

        if (_termSentAt is null && !_killSent)
        {
            SendTerm();
        }

        var killAt = (_termSentAt ?? _time.GetUtcNow()) + _limits.GracePeriod;
        while (!_killSent && !_killRequested.Task.IsCompleted && _time.GetUtcNow() < killAt)
        {
            await Task.Delay(LingerPollInterval, _time).ConfigureAwait(false);
            if (!ProcessGroup.HasRunningMembers(_processGroup))
            {
                return;
            }
        }

        SendKill();
        var giveUpAt = _time.GetUtcNow() + KillWait;
        while (ProcessGroup.HasRunningMembers(_processGroup) && _time.GetUtcNow() < giveUpAt)
        {
            await Task.Delay(LingerPollInterval, _time).ConfigureAwait(false);
        }
    }

    private void SendTerm()
    {
        _termSentAt = _time.GetUtcNow();
        ProcessGroup.Signal(_processGroup, Libc.SigTerm);
    }

    private void SendKill()
    {
        _killSent = true;
        ProcessGroup.Signal(_processGroup, Libc.SigKill);
    }

    public void Dispose()
    {
        _maxRuntimeTimer?.Dispose();
        _idleTimer?.Dispose();
    }
}
