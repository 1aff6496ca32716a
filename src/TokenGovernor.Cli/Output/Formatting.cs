using System.Globalization;
using TokenGovernor.Core;

namespace TokenGovernor.Cli.Output;

/// <summary>Small, consistent renderings of counts, durations and states.</summary>
internal static class Formatting
{
    public static string Tokens(long count) => count switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1_000_000.0:0.#}M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1_000.0:0.#}K"),
        _ => count.ToString(CultureInfo.InvariantCulture),
    };

    public static string Duration(long milliseconds) => Durations.Format(TimeSpan.FromMilliseconds(milliseconds));

    public static string Mark(string state) => state switch
    {
        "completed" => "✓",
        "failed" => "✗",
        "cancelled" => "✗",
        "skipped" => "-",
        "rate-limited" => "⏸",
        "running" => "▶",
        "waiting" => "…",
        _ => " ",
    };
}
