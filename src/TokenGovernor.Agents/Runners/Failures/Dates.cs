using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenGovernor.Agents.Runners.Failures;

/// <summary>
/// Reset times as providers write them after "resets on" or "try again at": ISO stamps, "Nov 23, 2026 5:00 PM UTC",
/// "2026-11-23", "Nov 23rd, 2026", or a time of day ("5pm", "17:30"), which means its next occurrence. A time
/// without a zone is taken as UTC.
/// </summary>
internal static partial class Dates
{
    private const int MaxWords = 8;

    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        var words = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var count = Math.Min(words.Length, MaxWords); count > 0; count--)
        {
            var candidate = Clean(string.Join(' ', words.Take(count)));
            if (!LooksLikeTime().IsMatch(candidate))
            {
                continue;
            }

            if (TimeOfDay().Match(candidate) is { Success: true } clock)
            {
                return Next(clock, now);
            }

            if (DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            {
                return parsed.ToUniversalTime();
            }
        }

        return null;
    }

    private static string Clean(string candidate)
    {
        var trimmed = candidate.TrimEnd('.', ',', '!', '"', '\'');
        trimmed = Ordinal().Replace(trimmed, "$1");
        return ZoneName().Replace(trimmed, "+00:00");
    }

    private static DateTimeOffset Next(Match clock, DateTimeOffset now)
    {
        var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = clock.Groups["m"].Success ? int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = clock.Groups["ampm"].Value.ToLowerInvariant();
        if (meridiem == "pm" && hour < 12)
        {
            hour += 12;
        }
        else if (meridiem == "am" && hour == 12)
        {
            hour = 0;
        }

        var utc = now.ToUniversalTime();
        var at = new DateTimeOffset(utc.Year, utc.Month, utc.Day, hour % 24, minute % 60, 0, TimeSpan.Zero);
        return at > utc ? at : at.AddDays(1);
    }

    // A date or time has digits and one of: a month name, '-', '/', ':' or am/pm.
    [GeneratedRegex(@"^(?=.*\d)(?=.*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|[-/:]|\d\s*[ap]m\b)).*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeTime();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>am|pm)?(?:\s*(?:\+00:00))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"(\d+)(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\b(?:UTC|GMT|Z)$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneName();
}
