namespace TokenGovernor.Core.Governance;

/// <summary>
/// The governor's settings: the checkpoint threshold, whether it adapts per complexity class, the grace an agent
/// told to checkpoint gets before it is stopped, and how many tasks the scheduler starts per minute.
/// </summary>
public sealed record GovernorConfig(double Threshold, bool AdaptiveThreshold)
{
    public const long DefaultGraceTokens = 20_000;

    public const int DefaultGraceSeconds = 120;

    public const int DefaultStartsPerMinute = 10;

    public static readonly GovernorConfig Default = new(Policy.DefaultThreshold, false);

    /// <summary>Tokens an agent may spend after a checkpoint request before its process group is stopped.</summary>
    public long GraceTokens { get; init; } = DefaultGraceTokens;

    /// <summary>Seconds an agent has after a checkpoint request before its process group is stopped.</summary>
    public int GraceSeconds { get; init; } = DefaultGraceSeconds;

    /// <summary>The scheduler's start-rate limit: tasks started (or resumed) per minute.</summary>
    public int StartsPerMinute { get; init; } = DefaultStartsPerMinute;
}
