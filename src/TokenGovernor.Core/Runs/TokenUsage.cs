namespace TokenGovernor.Core.Runs;

/// <summary>Tokens spent, by kind. Total is the sum of every kind.</summary>
public sealed record TokenUsage(long Input, long Output, long CacheCreation, long CacheRead, long Reasoning)
{
    public static readonly TokenUsage Zero = new(0, 0, 0, 0, 0);

    public long Total => Input + Output + CacheCreation + CacheRead + Reasoning;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right) => new(
        left.Input + right.Input,
        left.Output + right.Output,
        left.CacheCreation + right.CacheCreation,
        left.CacheRead + right.CacheRead,
        left.Reasoning + right.Reasoning);

    public static TokenUsage operator -(TokenUsage left, TokenUsage right) => new(
        left.Input - right.Input,
        left.Output - right.Output,
        left.CacheCreation - right.CacheCreation,
        left.CacheRead - right.CacheRead,
        left.Reasoning - right.Reasoning);

    public TokenUsage Add(TokenUsage other) => this + other;
}
