namespace TokenGovernor.Usage.Reports;

/// <summary>How reports group, filter and sort entries (ccusage's options of the same names).</summary>
public sealed record ReportOptions
{
    /// <summary>YYYYMMDD, inclusive.</summary>
    public string? Since { get; init; }

    /// <summary>YYYYMMDD, inclusive.</summary>
    public string? Until { get; init; }

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Ascending (oldest first) unless set.</summary>
    public bool Descending { get; init; }

    /// <summary>Whether the order was given; sessions sort by cost, highest first, unless told.</summary>
    public bool OrderGiven { get; init; }

    /// <summary>One row per project and period (<c>--instances</c>).</summary>
    public bool ByProject { get; init; }

    public string? Project { get; init; }

    public DayOfWeek StartOfWeek { get; init; } = DayOfWeek.Sunday;

    public double SessionHours { get; init; } = 5;

    /// <summary>True when a day (YYYY-MM-DD or longer) is inside --since/--until.</summary>
    public bool InRange(string day)
    {
        var compact = day.Length >= 10 ? day[..10].Replace("-", "", StringComparison.Ordinal) : day.Replace("-", "", StringComparison.Ordinal);
        return (Since is null || string.CompareOrdinal(compact, Since) >= 0) && (Until is null || string.CompareOrdinal(compact, Until) <= 0);
    }

    internal List<T> Sort<T>(IEnumerable<T> rows, Func<T, string> key) =>
        Descending
            ? [.. rows.OrderByDescending(key, StringComparer.Ordinal)]
            : [.. rows.OrderBy(key, StringComparer.Ordinal)];
}
