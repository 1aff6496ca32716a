using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>One answer the governor gave, kept so overshoot after a checkpoint request can be learned from.</summary>
public sealed record DecisionRecord(
    DateTimeOffset At,
    string? TaskId,
    string? AgentId,
    string? UsageEventId,
    PolicyDecision Decision,
    BudgetScope? Scope,
    string? ScopeId,
    double UsedFraction,
    string? Reason);
