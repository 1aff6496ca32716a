using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners;

/// <summary>Something an agent did, in the order it happened.</summary>
public abstract record AgentEvent(DateTimeOffset At);

/// <summary>The agent process is running; the session id is known only for agents that report one.</summary>
public sealed record AgentStarted(DateTimeOffset At, string? SessionId, int Pid) : AgentEvent(At);

/// <summary>A piece of text the agent produced (for scripts: one stdout line).</summary>
public sealed record AgentText(DateTimeOffset At, string Text) : AgentEvent(At);

/// <summary>Tokens and cost the agent reported, as a delta since its previous report.</summary>
public sealed record AgentUsage(DateTimeOffset At, string? Model, TokenUsage Tokens, decimal CostUsd) : AgentEvent(At);

/// <summary>The attempt is over.</summary>
public sealed record AgentFinished(DateTimeOffset At, bool Success, string? FinalMessage) : AgentEvent(At);

/// <summary>The agent's model service refused a request for its rate limit.</summary>
/// <param name="RetryAfter">How long the agent said it waits before its next try, if it said.</param>
/// <param name="ResetsAt">When the limit resets, if known.</param>
/// <param name="GaveUp">True when the agent stopped retrying: the attempt ends rate-limited.</param>
/// <param name="Message">What the agent said about it, if anything.</param>
public sealed record AgentRateLimited(DateTimeOffset At, TimeSpan? RetryAfter, DateTimeOffset? ResetsAt, bool GaveUp, string? Message) : AgentEvent(At);
