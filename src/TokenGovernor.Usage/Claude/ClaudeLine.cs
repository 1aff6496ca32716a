namespace TokenGovernor.Usage.Claude;

/// <summary>
/// What one valid Claude Code log line holding usage carries, before deduplication and pricing. The ids are not
/// copied into strings: whether they are present is noted here, their UTF-8 bytes stay with the parser
/// (<see cref="ClaudeLineParser.SessionId"/>, <see cref="ClaudeLineParser.MessageId"/>, <see cref="ClaudeLineParser.RequestId"/>) until the next line.
/// </summary>
internal struct ClaudeLine
{
    public long TimestampMs;
    public bool HasSessionId;
    public bool HasRequestId;
    public bool HasMessageId;
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
