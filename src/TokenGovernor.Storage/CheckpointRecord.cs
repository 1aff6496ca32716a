namespace TokenGovernor.Storage;

/// <summary>
/// The saved state of a task that was stopped or checkpointed: why and when, the agent's session id (to resume the
/// same conversation), the git ref holding its work, and the agent's last message as the summary.
/// </summary>
public sealed record CheckpointRecord(
    string TaskId,
    string? AgentId,
    DateTimeOffset At,
    string Reason,
    string? SessionId,
    string? GitRef,
    string? Summary);
