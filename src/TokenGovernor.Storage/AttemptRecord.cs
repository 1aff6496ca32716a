using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>One launch of a runner for a task; a task has several when it is retried or falls back.</summary>
/// <param name="Number">1 for the first attempt of the task in its run.</param>
/// <param name="SessionId">The agent's own session id, kept so the conversation can be resumed.</param>
public sealed record AttemptRecord(
    string RunId,
    string TaskId,
    int Number,
    string Runner,
    string? Model,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int? ExitCode,
    string Outcome,
    string? Reason,
    string OutputDirectory,
    TokenUsage Tokens,
    decimal CostUsd,
    string? SessionId);
