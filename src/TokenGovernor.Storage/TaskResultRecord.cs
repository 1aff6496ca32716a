using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>Where one task of one run stands: written when it starts and again when it ends.</summary>
public sealed record TaskResultRecord(
    string RunId,
    string TaskId,
    string Repo,
    TaskState State,
    string? Reason,
    string? Runner,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    TokenUsage Tokens,
    decimal CostUsd,
    string? FinalMessage,
    string? OutputDirectory);
