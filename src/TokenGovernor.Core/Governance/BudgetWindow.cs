using System.Globalization;

namespace TokenGovernor.Core.Governance;

/// <summary>
/// A budget's window: total, rolling N hours, or a calendar day, week or month in a time zone.
/// Written as <c>total</c>, <c>5h</c>, <c>daily</c>, <c>weekly</c>, <c>monthly</c>.
/// </summary>
public sealed partial record BudgetWindow(WindowKind Kind, int Hours, TimeZoneInfo Zone, DayOfWeek WeekStart)
{
    public static readonly BudgetWindow Total = new(WindowKind.Total, 0, TimeZoneInfo.Utc, DayOfWeek.Monday);

    /// <summary>The longest rolling window accepted: a year of hours.</summary>
    public const int MaxRollingHours = 8784;

    public static BudgetWindow Rolling(int hours) => Total with { Kind = WindowKind.Rolling, Hours = hours };

    public string ToWire() => Kind switch
    {
        WindowKind.Total => "total",
        WindowKind.Rolling => string.Create(CultureInfo.InvariantCulture, $"{Hours}h"),
        WindowKind.Daily => "daily",
        WindowKind.Weekly => "weekly",
        WindowKind.Monthly => "monthly",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    /// <summary>True when spend leaves the window as time passes, so a full budget frees up by itself.</summary>
    public bool Refills => Kind != WindowKind.Total;

    public override string ToString() => ToWire();

    /// <summary>Reads <c>total</c>, <c>Nh</c>, <c>daily</c>, <c>weekly</c> or <c>monthly</c>; null or empty reads as total.</summary>
    public static bool TryParse(string? text, TimeZoneInfo? zone, DayOfWeek weekStart, out BudgetWindow window)
    {
        var basis = Total with { Zone = zone ?? TimeZoneInfo.Utc, WeekStart = weekStart };
        window = basis;
        switch (text?.Trim())
        {
            case null or "" or "total":
                return true;
            case "daily":
                window = basis with { Kind = WindowKind.Daily };
                return true;
            case "weekly":
                window = basis with { Kind = WindowKind.Weekly };
                return true;
            case "monthly":
                window = basis with { Kind = WindowKind.Monthly };
                return true;
            case { Length: > 1 } hours when hours[^1] == 'h' && hours[0] is >= '1' and <= '9'
                && int.TryParse(hours.AsSpan(0, hours.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= MaxRollingHours:
                window = basis with { Kind = WindowKind.Rolling, Hours = count };
                return true;
            default:
                return false;
        }
    }

    /// <exception cref="TokenGovException">The text is not a window; the message names <paramref name="field"/>.</exception>
    public static BudgetWindow Parse(string? text, TimeZoneInfo? zone, DayOfWeek weekStart, string field) =>
        TryParse(text, zone, weekStart, out var window)
            ? window
            : throw new TokenGovException($"{field}: \"{text}\" is not a budget window; use total, daily, weekly, monthly or a number of hours like 5h");

    /// <summary>The window that contains the clock's present instant.</summary>
    public WindowSpan Current(TimeProvider time) => Current(time.GetUtcNow());

    /// <summary>The window that contains <paramref name="now"/>.</summary>
    public WindowSpan Current(DateTimeOffset now)
    {
        if (Kind == WindowKind.Total)
        {
            return WindowSpan.Always;
        }

        if (Kind == WindowKind.Rolling)
        {
            return new WindowSpan(now - TimeSpan.FromHours(Hours), null);
        }

        var today = TimeZoneInfo.ConvertTime(now, Zone).Date;
        var (first, next) = Kind switch
        {
            WindowKind.Daily => (today, today.AddDays(1)),
            WindowKind.Weekly => WeekOf(today),
            _ => (new DateTime(today.Year, today.Month, 1), new DateTime(today.Year, today.Month, 1).AddMonths(1)),
        };
        return new WindowSpan(ZoneClock.ToInstant(first, Zone), ZoneClock.ToInstant(next, Zone));
    }

    private (DateTime First, DateTime Next) WeekOf(DateTime today)
    {
        var back = ((int)today.DayOfWeek - (int)WeekStart + 7) % 7;
        var first = today.AddDays(-back);
        return (first, first.AddDays(7));
    }
}
