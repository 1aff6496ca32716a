using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenGovernor.Core;

/// <summary>Durations as users write them: <c>30m</c>, <c>1h30m</c>, <c>90s</c>, <c>250ms</c>; a bare number is seconds.</summary>
public static partial class Durations
{
    // [0-9], not \d: \d also matches other scripts' digits, which double.Parse then refuses.
    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        try
        {
            return TryRead(text, out duration);
        }
        catch (OverflowException)
        {
            // Longer than a TimeSpan can hold: not a duration anyone means.
            duration = TimeSpan.Zero;
            return false;
        }
    }

    private static bool TryRead(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // NumberStyles.Float also reads "NaN" and "Infinity", which TimeSpan refuses with an exception.
            if (!double.IsFinite(seconds) || seconds < 0)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var consumed = 0;
        foreach (Match match in Part().Matches(text))
        {
            if (match.Index != consumed)
            {
                return false;
            }

            consumed += match.Length;
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += match.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return consumed == text.Length && consumed > 0;
    }

    public static TimeSpan Parse(string text, string what) => TryParse(text, out var duration)
        ? duration
        : throw new TokenGovException($"{what}: \"{text}\" is not a duration; write it like 30m, 1h30m, 90s or 250ms");

    /// <summary>Compact human form: 2m45s, 1.2s, 340ms.</summary>
    public static string Format(TimeSpan duration)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (duration.TotalSeconds < 1)
        {
            return string.Create(invariant, $"{(int)duration.TotalMilliseconds}ms");
        }

        if (duration.TotalMinutes < 1)
        {
            return string.Create(invariant, $"{duration.TotalSeconds:0.#}s");
        }

        return duration.TotalHours < 1
            ? string.Create(invariant, $"{(int)duration.TotalMinutes}m{duration.Seconds}s")
            : string.Create(invariant, $"{(int)duration.TotalHours}h{duration.Minutes}m{duration.Seconds}s");
    }
}
