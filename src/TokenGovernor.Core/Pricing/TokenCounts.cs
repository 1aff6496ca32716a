namespace TokenGovernor.Core.Pricing;

/// <summary>
/// The tokens of one model call, as Anthropic and OpenAI report them.
/// <see cref="CacheCreation"/> is every cache write; <see cref="CacheCreation1h"/> is the part of it written with a
/// one-hour lifetime, which is billed at a higher rate than the default five-minute writes.
/// </summary>
public readonly record struct TokenCounts(long Input, long Output, long CacheCreation, long CacheRead, long CacheCreation1h = 0)
{
    /// <summary>Input + output + cache writes + cache reads.</summary>
    public long Total => Input + Output + CacheCreation + CacheRead;
}
