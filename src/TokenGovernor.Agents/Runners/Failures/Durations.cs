using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenGovernor.Agents.Runners.Failures;

/// <summary>Durations as providers write them: "1s", "1.5 seconds", "20m0s", "2 days 4 hours", "500ms".</summary>
internal static partial class Durations
{
    public static TimeSpan? Parse(string text)
    {
        var total = TimeSpan.Zero;
        var any = false;
        foreach (Match part in PartPattern().Matches(text))
        {
            if (!double.TryParse(part.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || Unit(part.Groups["u"].Value) is not { } unit)
            {
                // A word that is no unit ends the duration ("try again in 5 minutes or upgrade").
                break;
            }

            total += unit * number;
            any = true;
        }

        return any ? total : null;
    }

    private static TimeSpan? Unit(string unit) => unit.ToLowerInvariant() switch
    {
        "ms" or "msec" or "millisecond" or "milliseconds" => TimeSpan.FromMilliseconds(1),
        "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(1),
        "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
        "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(1),
        "d" or "day" or "days" => TimeSpan.FromDays(1),
        _ => null,
    };

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?<u>[a-zA-Z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
