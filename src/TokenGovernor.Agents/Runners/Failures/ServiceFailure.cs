namespace TokenGovernor.Agents.Runners.Failures;

/// <summary>Why an agent's model service failed it: what decides whether another runner should take over.</summary>
public enum ServiceFailureKind
{
    /// <summary>The provider refused for a rate limit or quota; the runner is blocked until the reset time.</summary>
    RateLimited,

    /// <summary>The service could not be reached or the connection broke (refused, reset, timed out, dropped).</summary>
    Connectivity,

    /// <summary>The service answered with an overload or server error (500, 503, 529): transient.</summary>
    ServerError,
}

/// <summary>A failure of the agent's model service, with the reset time when the agent said one.</summary>
/// <param name="RetryAfter">How long the service asked to wait, if it said.</param>
/// <param name="ResetsAt">When the limit resets, if known (from a reset time, or from RetryAfter at the time it was seen).</param>
/// <param name="Message">What the agent said, trimmed to one line.</param>
public sealed record ServiceFailure(ServiceFailureKind Kind, TimeSpan? RetryAfter, DateTimeOffset? ResetsAt, string Message)
{
    /// <summary>The kind's name as files and reports write it.</summary>
    public string KindName => Kind switch
    {
        ServiceFailureKind.RateLimited => "rate-limited",
        ServiceFailureKind.Connectivity => "connectivity",
        _ => "server-error",
    };
}
