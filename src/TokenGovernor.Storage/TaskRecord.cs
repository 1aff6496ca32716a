namespace TokenGovernor.Storage;

/// <summary>One change to a task: its result in a run, optionally an attempt and its persistent state.</summary>
public sealed record TaskRecord(TaskResultRecord Result, AttemptRecord? Attempt, TaskStateRecord? State);
