using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>A task under governance: where it belongs, what it is expected to spend, its budget and its states.</summary>
public sealed record GovernedTaskRecord(
    string Id,
    string ProjectId,
    string? PackageId,
    string? ParentId,
    string Title,
    string? Runner,
    Estimate Estimate,
    Budget Budget,
    int Priority,
    TaskState State,
    string? StateReason,
    CheckpointState Checkpoint,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>When a paused task's budget has room again by itself; null when only a raised limit frees it.</summary>
    public DateTimeOffset? ResumesAt { get; init; }
}

/// <summary>One recorded change of a governed task's state.</summary>
public sealed record TaskTransitionRecord(string TaskId, DateTimeOffset At, TaskState From, TaskState To, string? Reason);

/// <summary>Which governed tasks to list; null fields do not filter.</summary>
public sealed record TaskQuery(string? ProjectId = null, string? PackageId = null, TaskState? State = null);
