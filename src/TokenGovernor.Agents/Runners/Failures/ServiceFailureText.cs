using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenGovernor.Agents.Runners.Failures;

/// <summary>
/// Reads what agents say about a failed model call — error events, result messages, stderr — and tells a rate
/// limit from a connectivity failure or a server error, with the reset time when the text gives one
/// (<c>retry-after</c>, <c>resets_at</c>, "try again in N s", "resets on &lt;date&gt;"). A bare "429" somewhere in a
/// text is not a rate limit: a number only counts as a status where the text calls it one.
/// </summary>
public static partial class ServiceFailureText
{
    private const int MaxMessageLength = 500;

    /// <summary>What kind of service failure <paramref name="text"/> describes, or null when it describes none.</summary>
    public static ServiceFailure? Classify(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        ServiceFailureKind? kind = RateLimitPattern().IsMatch(text) ? ServiceFailureKind.RateLimited
            : ConnectivityPattern().IsMatch(text) ? ServiceFailureKind.Connectivity
            : ServerErrorPattern().IsMatch(text) ? ServiceFailureKind.ServerError
            : null;
        return kind is { } found ? Create(found, text, now) : null;
    }

    /// <summary>
    /// A failure from an HTTP status the agent reported in a structured field (e.g. <c>statusCode</c>), with the
    /// message for the reset time; null for a status that is no service failure (e.g. 400, 401).
    /// </summary>
    public static ServiceFailure? FromStatus(int status, string? message, DateTimeOffset now)
    {
        ServiceFailureKind? kind = status switch
        {
            429 => ServiceFailureKind.RateLimited,
            500 or 502 or 503 or 504 or 529 => ServiceFailureKind.ServerError,
            _ => null,
        };
        return kind is { } found ? Create(found, message ?? $"HTTP {status}", now) : null;
    }

    /// <summary>Builds a failure of a known kind, reading the reset time from <paramref name="text"/>.</summary>
    public static ServiceFailure Create(ServiceFailureKind kind, string text, DateTimeOffset now)
    {
        var retryAfter = RetryAfter(text);
        var resetsAt = ResetsAt(text, now) ?? (retryAfter is { } wait ? now + wait : null);
        return new ServiceFailure(kind, retryAfter, resetsAt, OneLine(text));
    }

    /// <summary>How long the text asks to wait: <c>retry-after</c>, <c>retry-after-ms</c>, <c>retryDelay</c>, "try again in …".</summary>
    public static TimeSpan? RetryAfter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (RetryAfterMsPattern().Match(text) is { Success: true } ms && Number(ms.Groups["n"].Value) is { } milliseconds)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (RetryAfterPattern().Match(text) is { Success: true } header && Number(header.Groups["n"].Value) is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (RetryDelayPattern().Match(text) is { Success: true } delay && Number(delay.Groups["n"].Value) is { } delaySeconds)
        {
            return TimeSpan.FromSeconds(delaySeconds);
        }

        foreach (Match match in TryAgainInPattern().Matches(text))
        {
            if (Durations.Parse(match.Groups["d"].Value) is { } duration)
            {
                return duration;
            }
        }

        return null;
    }

    /// <summary>When the limit resets, if the text names a time: <c>resets_at</c> (Unix seconds or ISO), "resets on/at &lt;date&gt;", "try again at &lt;date&gt;".</summary>
    public static DateTimeOffset? ResetsAt(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ResetsAtFieldPattern().Match(text) is { Success: true } field)
        {
            var value = field.Groups["v"].Value;
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                // Thirteen digits are milliseconds; ten are seconds.
                return value.Length >= 13 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            }

            if (Dates.Parse(value, now) is { } stamp)
            {
                return stamp;
            }
        }

        foreach (Match match in ResetsOnPattern().Matches(text))
        {
            if (Dates.Parse(match.Groups["d"].Value, now) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 ? value : null;

    private static string OneLine(string text)
    {
        var line = WhitespacePattern().Replace(text.Trim(), " ");
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }

    // A status only counts where the text calls it one: "status: 429", "statusCode":429, "(429)", "API Error: 429", "code: 429".
    [GeneratedRegex(@"429\s+Too\s+Many\s+Requests|too\s+many\s+requests|(?:status(?:[\s_]?code)?|\bcode|http|api\s+error)[""'\s:=]{0,4}429\b|\(429\)|rate[\s_-]?limit(?:ed|s)?\b|exceeded\s+your\s+current\s+quota|quota\s+exceeded|\bRESOURCE_EXHAUSTED\b|insufficient_quota|usage\s+limit", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RateLimitPattern();

    [GeneratedRegex(@"ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket\s+hang\s+up|fetch\s+failed|connection\s+error|connection\s+(?:to\s+the\s+api\s+)?(?:was\s+)?(?:lost|refused|reset|closed)|socket\s+connection\s+was\s+closed|stream\s+disconnected|transport\s+error|network\s+error|other\s+side\s+closed|request\s+timed\s+out|idle\s+timeout|cannot\s+connect\s+to\s+api|api\s+error:\s*terminated|error\s+sending\s+request|dns\s+error", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectivityPattern();

    [GeneratedRegex(@"(?:status(?:[\s_]?code)?|\bcode|http|api\s+error)[""'\s:=]{0,4}(?:500|502|503|504|529)\b|\((?:500|502|503|504|529)\)|overloaded|at\s+capacity|high\s+demand|internal\s+server\s+error|server\s+had\s+an\s+error|service\s+unavailable|""status"":\s*""(?:INTERNAL|UNAVAILABLE)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ServerErrorPattern();

    [GeneratedRegex(@"retry[-_]after[-_]ms[""']?\s*[:=]\s*[""']?(?<n>\d+(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterMsPattern();

    [GeneratedRegex(@"retry[-_]after(?![-_]ms)[""']?\s*[:=]\s*[""']?(?<n>\d+(?:\.\d+)?)(?![\d.]*\s*ms)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterPattern();

    [GeneratedRegex(@"retryDelay[""']?\s*:\s*[""']?(?<n>\d+(?:\.\d+)?)s", RegexOptions.CultureInvariant)]
    private static partial Regex RetryDelayPattern();

    [GeneratedRegex(@"(?:try\s+again|retry)\s+(?:in|after)\s+(?<d>\d+(?:\.\d+)?\s*[a-z]+(?:[\s,]*(?:and\s+)?\d+(?:\.\d+)?\s*[a-z]+)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TryAgainInPattern();

    [GeneratedRegex(@"resets?[-_]?at[""']?\s*[:=]\s*[""']?(?<v>[0-9][0-9T:.+\-Z ]*[0-9Z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResetsAtFieldPattern();

    [GeneratedRegex(@"(?:(?:limit\s+)?(?:will\s+)?resets?\s+(?:on|at)?|try\s+again\s+(?:at|on|after))\s*(?<d>[^;\n\]\)]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResetsOnPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
