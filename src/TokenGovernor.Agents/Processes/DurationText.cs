using System.Globalization;
using System.Text;

namespace TokenGovernor.Agents.Processes;

/// <summary>Short durations for messages: "500ms", "2s", "1m30s", "2h".</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalMilliseconds}ms");
        }

        if (duration.Milliseconds != 0 && duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");
        }

        var text = new StringBuilder();
        Append(text, (long)duration.TotalHours, 'h');
        Append(text, duration.Minutes, 'm');
        Append(text, duration.Seconds, 's');
        return text.ToString();
    }

    private static void Append(StringBuilder text, long value, char unit)
    {
        if (value != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
    }
}
