using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>
/// One entry of the append-only usage ledger, attributed agent → task → package → project. The id is the
/// caller's (a message id, a log line's hash), so the same event seen twice is recorded once. Cost is kept
/// to the nano-dollar.
/// </summary>
public sealed record UsageEventRecord(
    string Id,
    DateTimeOffset At,
    string ProjectId,
    string? PackageId,
    string? TaskId,
    string? AgentId,
    string? Model,
    TokenUsage Tokens,
    decimal CostUsd,
    UsageSource Source);

/// <summary>Ledger sums over some events: tokens by kind, cost, and how many events.</summary>
public sealed record LedgerTotals(TokenUsage Tokens, decimal CostUsd, long Events)
{
    public static readonly LedgerTotals Zero = new(TokenUsage.Zero, 0m, 0);

    public static LedgerTotals operator +(LedgerTotals left, LedgerTotals right) =>
        new(left.Tokens + right.Tokens, left.CostUsd + right.CostUsd, left.Events + right.Events);

    public static LedgerTotals operator -(LedgerTotals left, LedgerTotals right) =>
        new(left.Tokens - right.Tokens, left.CostUsd - right.CostUsd, left.Events - right.Events);

    /// <summary>What these totals amount to against <paramref name="budget"/>'s counted kinds.</summary>
    public Spend CountedBy(Budget budget) => budget.Count(Tokens, CostUsd);
}
