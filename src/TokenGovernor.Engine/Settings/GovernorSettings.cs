using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Engine.Settings;

/// <summary>What <c>.token-gov.yml</c> may set. Null means "not set here": command-line flags and defaults fill it in.</summary>
public sealed record GovernorSettings
{
    public static readonly GovernorSettings Empty = new();

    public string? Path { get; init; }

    public int? Workers { get; init; }

    public string? ReposDir { get; init; }

    public TimeSpan? MaxRuntime { get; init; }

    public TimeSpan? IdleTimeout { get; init; }

    public TimeSpan? GracePeriod { get; init; }

    public bool? FailFast { get; init; }

    public IReadOnlyDictionary<string, RunnerProfile> Runners { get; init; } = new Dictionary<string, RunnerProfile>();

    public string? DefaultRunner { get; init; }

    public IReadOnlyList<string>? DefaultFallbacks { get; init; }

    public string? PostRun { get; init; }

    /// <summary>How long a rate-limited runner is blocked when it gave no reset time.</summary>
    public TimeSpan? RateLimitBlock { get; init; }

    /// <summary>The wait before the first retry of a server error on the same runner.</summary>
    public TimeSpan? RetryBackoff { get; init; }

    public string? Store { get; init; }
}
