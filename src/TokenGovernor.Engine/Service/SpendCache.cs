using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>
/// What each budget has spent in its current window, read from the ledger once and then kept up to date as the
/// service records usage, so deciding on an event needs no ledger scan. Keyed by the window's start, so a calendar
/// window that rolls over starts from the ledger again. Rolling windows move with every instant and are not cached.
/// Callers hold the project's gate, which serialises loads and additions for the budgets of one project.
/// </summary>
internal sealed class SpendCache(IGovernorStore store)
{
    private readonly Dictionary<(BudgetScope Scope, string Id, DateTimeOffset? Start), Entry> _entries = [];
    private readonly Lock _lock = new();

    public static bool Caches(Budget budget) => budget.Window.Kind != WindowKind.Rolling;

    /// <summary>The entry for one budget's window, loading its totals from the ledger the first time.</summary>
    public async Task<Entry> GetAsync(BudgetScope scope, string id, WindowSpan span, CancellationToken cancellationToken)
    {
        var key = (scope, id, span.Start);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var found))
            {
                return found;
            }
        }

        var totals = await store.SumUsageAsync(scope, id, span, cancellationToken);
        var entry = new Entry(totals.Tokens, totals.CostUsd);
        lock (_lock)
        {
            return _entries.TryAdd(key, entry) ? entry : _entries[key];
        }
    }

    public sealed class Entry(TokenUsage tokens, decimal costUsd)
    {
        private readonly Lock _lock = new();

        public LedgerTotals Totals
        {
            get
            {
                lock (_lock)
                {
                    return new LedgerTotals(tokens, costUsd, 0);
                }
            }
        }

        public void Add(TokenUsage more, decimal cost)
        {
            lock (_lock)
            {
                tokens += more;
                costUsd += cost;
            }
        }
    }
}
