namespace TokenGovernor.Usage.Claude;

/// <summary>What one valid Claude Code log line holding usage carries, before deduplication and pricing.</summary>
internal struct ClaudeLine
{
    public long TimestampMs;
    public string? SessionId;
    public string? RequestId;
    public string? MessageId;
    public string? Model;
    public double? CostUsd;
    public bool IsApiError;
    public long Input;
    public long Output;
    public long? CacheCreation;
    public long? CacheRead;
    public long CacheCreation1h;
    public string? Speed;

    /// <summary>The Unix time (ms) a "usage limit reached" error says the limit resets, or 0.</summary>
    public long ResetTimeMs;
}
