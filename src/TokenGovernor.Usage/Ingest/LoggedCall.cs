namespace TokenGovernor.Usage.Ingest;

/// <summary>One model call read for <c>measure</c>, with an id that is the same however often its line is read.</summary>
public sealed record LoggedCall(
    string Id, string Agent, string SessionId, long TimestampMs, string? Model,
    long Input, long Output, long CacheCreation, long CacheRead, long Reasoning, double Cost);

/// <summary>A log file read by <c>measure</c>: its new position, and the reader state to resume with (Codex).</summary>
public sealed record ReadFile(string Path, string Agent, Tail.TailPosition Position, string? ReaderState);
