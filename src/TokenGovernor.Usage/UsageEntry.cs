using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage;

/// <summary>
/// One counted model call from an agent's log: what every report needs and nothing more.
/// <see cref="Model"/> is the name reports show (ccusage appends <c>-fast</c> for fast-mode calls); null when the log names none.
/// </summary>
public readonly record struct UsageEntry(long TimestampMs, string? Model, TokenCounts Tokens, double Cost, SessionRef Session, long ResetTimeMs = 0);

/// <summary>The session an entry belongs to, and the project path of that session (shared by all its entries).</summary>
public sealed record SessionRef(string SessionId, string ProjectPath, string Project);

/// <summary>A log line that looked like usage but did not count, and why (shown with <c>--verbose</c>).</summary>
public sealed record LineProblem(string File, long Line, string Reason);

/// <summary>How a cost is found: ccusage's <c>--mode</c>.</summary>
public enum CostMode
{
    /// <summary>The log's <c>costUSD</c> when present, else calculated from tokens.</summary>
    Auto,

    /// <summary>Always from tokens and the price table.</summary>
    Calculate,

    /// <summary>Only the log's <c>costUSD</c> (0 when absent).</summary>
    Display,
}
