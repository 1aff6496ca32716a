namespace TokenGovernor.Usage.Codex;

/// <summary>
/// One counted Codex model call. <see cref="Input"/> includes <see cref="Cached"/> and <see cref="Output"/> includes
/// <see cref="Reasoning"/>, as Codex reports them; <see cref="Timestamp"/> is the log's own text (ccusage compares it as text).
/// </summary>
public readonly record struct CodexEntry(
    string Timestamp, long TimestampMs, string SessionId, string Model, bool IsFallbackModel,
    long Input, long Cached, long Output, long Reasoning, long Total);
