using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners;

/// <summary>How one attempt ended and what it cost.</summary>
/// <param name="Process">How the agent process ended.</param>
/// <param name="Success">Whether the attempt succeeded; never true for a process stopped by a limit or signal.</param>
/// <param name="FinalMessage">The agent's last word, if any.</param>
/// <param name="SessionId">The agent's session id, for agents that report one.</param>
public sealed record AgentAttemptResult(
    ProcessResult Process,
    bool Success,
    string? FinalMessage,
    string? SessionId,
    TokenUsage Tokens,
    decimal CostUsd)
{
    /// <summary>
    /// The model-service failure that ended the attempt (rate limit with its reset time, connectivity, server
    /// error), when one did: what decides whether another runner takes over.
    /// </summary>
    public ServiceFailure? Failure { get; init; }
}
