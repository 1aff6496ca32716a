namespace TokenGovernor.Storage;

/// <summary>One execution of a task step: a runner attempt, or an external framework's agent.</summary>
public sealed record AgentRecord(
    string Id,
    string TaskId,
    string Runner,
    string? Model,
    int? Tier,
    string? SessionId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);
