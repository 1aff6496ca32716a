using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>The state a task keeps across runs, so a later run can skip what is done.</summary>
public sealed record TaskStateRecord(
    string TaskId,
    string Repo,
    TaskState State,
    string? Reason,
    string? LastRunId,
    DateTimeOffset UpdatedAt);
