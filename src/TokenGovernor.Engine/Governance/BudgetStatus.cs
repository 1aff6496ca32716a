using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>One budget now: its current window, what the ledger holds in it, and what is left.</summary>
public sealed record BudgetStatus(BudgetScope Scope, string Id, Budget Budget, WindowSpan Window, LedgerTotals Totals, Spend Spent)
{
    public BudgetLevel Level => new(Scope, Id, Budget, Spent);

    public Headroom Headroom => Level.Headroom;

    /// <summary>Reads the spend of one budget in the window that contains the clock's present instant.</summary>
    public static async Task<BudgetStatus> ReadAsync(
        IGovernorStore store, BudgetScope scope, string id, Budget budget, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(budget);
        var window = budget.Window.Current(time);
        var totals = await store.SumUsageAsync(scope, id, window, cancellationToken);
        return new BudgetStatus(scope, id, budget, window, totals, totals.CountedBy(budget));
    }
}
