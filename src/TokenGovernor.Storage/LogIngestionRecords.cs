namespace TokenGovernor.Storage;

/// <summary>How far <c>measure</c> has read one agent log file, and what identifies the file (see <c>LogTail</c>).</summary>
/// <param name="ReaderState">What the log's reader carries between reads (Codex: the current model and last total), or null.</param>
public sealed record LogFileRecord(string Path, string Agent, long Offset, long Length, long ModifiedTicks, int HeadLength, ulong HeadHash, string? ReaderState);

/// <summary>One model call read from an agent's log. <see cref="Id"/> is the log's own (message id + request id for Claude Code).</summary>
public sealed record LogUsageRecord(
    string Id, string Agent, string SessionId, DateTimeOffset At, string? Model,
    long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, long ReasoningTokens, decimal CostUsd);

/// <summary>What one ingestion added: calls new to the store, calls seen before with larger counts now, and the tokens they added.</summary>
public sealed record LogIngestResult(long NewEvents, long UpdatedEvents, long Tokens, long Attributed);

/// <summary>Log usage attributed to one governed task (through the agent that reported the session id).</summary>
public sealed record LogTaskUsage(string TaskId, string? AgentId, long Events, long Tokens, decimal CostUsd);

/// <summary>
/// The saved listing of one log tree (a Claude Code <c>projects</c> or Codex <c>sessions</c> folder), opaque to the store;
/// <see cref="Entries"/> null when saving means the tree has no index any more.
/// </summary>
public sealed record LogIndexRecord(string Agent, string Root, byte[]? Entries);

/// <summary>
/// The log trees' saved listings, the log usage per task, and whether some stored calls belong to a session an agent has
/// reported but are not attributed yet — read together (see <see cref="SqliteGovernorStore.TryReadLogIngestionSnapshot"/>).
/// </summary>
public sealed record LogIngestionSnapshot(IReadOnlyList<LogIndexRecord> Index, IReadOnlyList<LogTaskUsage> Tasks, bool AttributionPending);
