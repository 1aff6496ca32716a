using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

internal sealed partial class RunGovernor
{
    /// <summary>The summary kept with a checkpoint: the agent's last message, cut to a length a report can carry.</summary>
    public const int SummaryLimit = 2000;

    private static readonly TaskState[] Unfinished = [TaskState.Pending, TaskState.Ready, TaskState.Waiting, TaskState.Running, TaskState.Checkpointing, TaskState.Paused, TaskState.Failed, TaskState.Cancelled, TaskState.RateLimited, TaskState.Skipped];

    /// <summary>
    /// The checkpoint a new attempt of the task continues from: its latest one that holds the agent's session id,
    /// unless the task has completed since. Null when the attempt starts afresh.
    /// </summary>
    public async Task<CheckpointRecord?> ResumePointAsync(string taskId)
    {
        if (await store.GetTaskAsync(taskId, CancellationToken.None) is not { } task || task.State == TaskState.Completed)
        {
            return null;
        }

        return (await store.ListCheckpointsAsync(taskId, CancellationToken.None)).LastOrDefault(checkpoint => checkpoint.SessionId is not null);
    }

    /// <summary>Records a checkpoint of the attempt (the task's checkpoint state becomes <c>saved</c>).</summary>
    public Task SaveCheckpointAsync(string taskId, string? agentId, string reason, string? sessionId, string? gitRef, string? summary) =>
        store.SaveCheckpointAsync(
            new CheckpointRecord(taskId, agentId, time.GetUtcNow(), reason, sessionId, gitRef, summary is { Length: > SummaryLimit } ? summary[..SummaryLimit] + "…" : summary),
            CancellationToken.None);

    /// <summary>The task runs now: the store says so at once, and forgets when it was due to resume.</summary>
    public async Task RecordRunningAsync(string taskId)
    {
        await store.ChangeTaskStateAsync(taskId, [.. Unfinished.Where(state => state != TaskState.Running)], TaskState.Running, null, time.GetUtcNow(), CancellationToken.None);
        await store.SetResumesAtAsync(taskId, null, CancellationToken.None);
    }

    /// <summary>
    /// The task is paused (or waits) for budget: the store keeps the reason and when it can resume, so <c>status</c>,
    /// <c>task show</c> and <c>scheduler status</c> say the same as the run's report.
    /// </summary>
    public async Task RecordWaitAsync(string taskId, TaskState state, string reason, DateTimeOffset? resumesAt)
    {
        await store.ChangeTaskStateAsync(taskId, [.. Unfinished.Where(other => other != state)], state, reason, time.GetUtcNow(), CancellationToken.None);
        await store.SetResumesAtAsync(taskId, resumesAt, CancellationToken.None);
    }

    /// <summary>
    /// True when every budget above the task, with its estimate reserved on top of spend and other reservations, is
    /// below the task's checkpoint threshold: a paused task resumed earlier would be asked to checkpoint at once.
    /// </summary>
    public async Task<bool> HasRoomToResumeAsync(string taskId)
    {
        var scope = scopes[taskId];
        var levels = await ReadLevelsAsync(scope, null, time.GetUtcNow());
        var withEstimate = levels.Select(level => level with { Reserved = (level.Reserved ?? Spend.Zero) + new Spend(scope.ReservationTokens, 0m) });
        return Policy.Decide(withEstimate, ThresholdFor(scope)).Decision == PolicyDecision.Continue;
    }
}
