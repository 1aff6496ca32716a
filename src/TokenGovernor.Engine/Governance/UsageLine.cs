using System.Globalization;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Engine.Governance;

/// <summary>
/// How a script reports its own usage: a stdout line
/// <c>::token-gov usage input=N output=N [cache_creation=N] [cache_read=N] [reasoning=N] [model=M] [cost=X]</c>.
/// Each line is a delta since the previous one. Useful for wrappers around tools the governor cannot parse itself.
/// </summary>
public static class UsageLine
{
    public const string Prefix = "::token-gov usage ";

    /// <summary>The usage a line reports; null when the line is not a usage line or does not parse.</summary>
    public static AgentUsage? TryParse(string line, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        long input = 0, output = 0, cacheCreation = 0, cacheRead = 0, reasoning = 0;
        string? model = null;
        var cost = 0m;
        foreach (var field in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var (name, value) = (field[..equals], field[(equals + 1)..]);
            var parsed = name switch
            {
                "input" => TryCount(value, out input),
                "output" => TryCount(value, out output),
                "cache_creation" => TryCount(value, out cacheCreation),
                "cache_read" => TryCount(value, out cacheRead),
                "reasoning" => TryCount(value, out reasoning),
                "model" => (model = value).Length > 0,
                "cost" => decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cost),
                _ => true, // Later fields are ignored, so newer scripts still work with this build.
            };
            if (!parsed)
            {
                return null;
            }
        }

        return new AgentUsage(at, model, new TokenUsage(input, output, cacheCreation, cacheRead, reasoning), cost);
    }

    private static bool TryCount(string text, out long count) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count);
}
