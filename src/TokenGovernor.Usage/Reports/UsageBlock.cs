using System.Globalization;

namespace TokenGovernor.Usage.Reports;

/// <summary>A billing block: <c>SessionHours</c> from its first entry floored to the hour, or a gap between blocks.</summary>
public sealed record UsageBlock
{
    public required long StartMs { get; init; }

    public required long EndMs { get; init; }

    /// <summary>The last entry's time; null for a gap.</summary>
    public long? ActualEndMs { get; init; }

    public long FirstEntryMs { get; init; }

    public bool IsActive { get; init; }

    public bool IsGap { get; init; }

    public int Entries { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheCreationInputTokens { get; init; }

    public long CacheReadInputTokens { get; init; }

    public double CostUsd { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>When a "usage limit reached" error in the block says the limit resets (Unix ms), if any.</summary>
    public long? UsageLimitResetMs { get; init; }

    public string Id => IsGap ? "gap-" + Iso(StartMs) : Iso(StartMs);

    public long TotalTokens => InputTokens + OutputTokens + CacheCreationInputTokens + CacheReadInputTokens;

    /// <summary>Tokens and cost per minute between the first and last entry; active blocks only, null when they span no time.</summary>
    public BurnRate? BurnRate()
    {
        if (IsGap || Entries == 0 || ActualEndMs is not { } last)
        {
            return null;
        }

        var minutes = (last - FirstEntryMs) / 60_000.0;
        return minutes <= 0
            ? null
            : new BurnRate(TotalTokens / minutes, (InputTokens + OutputTokens) / minutes, CostUsd / minutes * 60);
    }

    /// <summary>Where the block ends up if the current burn rate holds until its end.</summary>
    public Projection? Project(long nowMs)
    {
        if (!IsActive || IsGap || BurnRate() is not { } rate)
        {
            return null;
        }

        var remaining = Math.Max(0, (EndMs - nowMs) / 60_000.0);
        var tokens = TotalTokens + (rate.TokensPerMinute * remaining);
        var cost = CostUsd + (rate.CostPerHour / 60 * remaining);
        return new Projection(JsRound(tokens), JsRound(cost * 100) / 100, JsRound(remaining));
    }

    /// <summary>JavaScript's Math.round: halves round up.</summary>
    internal static double JsRound(double value) => Math.Floor(value + 0.5);

    /// <summary>JavaScript's Date.toISOString.</summary>
    public static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

public sealed record BurnRate(double TokensPerMinute, double TokensPerMinuteForIndicator, double CostPerHour);

public sealed record Projection(double TotalTokens, double TotalCost, double RemainingMinutes);
