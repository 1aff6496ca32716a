using System.Globalization;

namespace TokenGovernor.Usage.Reports;

/// <summary>The calendar day (YYYY-MM-DD) of an instant in one time zone, cached per quarter hour (every zone's offset is a multiple of 15 minutes).</summary>
public sealed class DayKeys(TimeZoneInfo zone)
{
    private const long Slot = 15 * 60 * 1000;
    private readonly Dictionary<long, string> _cache = [];

    public TimeZoneInfo Zone { get; } = zone;

    public string Of(long unixMs)
    {
        var slot = Math.DivRem(unixMs, Slot, out var rest) - (rest < 0 ? 1 : 0);
        if (!_cache.TryGetValue(slot, out var day))
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), Zone);
            day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            _cache[slot] = day;
        }

        return day;
    }

    /// <summary>An IANA zone name (or "UTC"); null means the machine's zone. An unknown name is an input error.</summary>
    public static TimeZoneInfo ParseZone(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new Core.TokenGovException($"unknown time zone \"{name}\": use an IANA name such as UTC, Europe/Berlin or America/New_York");
        }
    }
}
