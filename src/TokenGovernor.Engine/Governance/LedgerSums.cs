using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>
/// Running sums of what each budget has spent in its window, exact for every process sharing the store. Each sum
/// remembers the ledger head it was read through; the next read adds only the events appended since (by anyone), and
/// when a rolling window has moved, takes out the counted events that fell out of it and adds those that came in.
/// So a decision costs a few small ledger slices instead of a scan of the whole window.
/// </summary>
internal sealed class LedgerSums(IGovernorStore store)
{
    private readonly Dictionary<(BudgetScope Scope, string Id), Entry> _entries = [];
    private readonly Lock _lock = new();

    public async Task<LedgerTotals> SumAsync(BudgetScope scope, string id, WindowSpan span, CancellationToken cancellationToken)
    {
        var head = await store.GetLedgerHeadAsync(cancellationToken);
        var (start, end) = Bounds(span);
        Entry? known;
        lock (_lock)
        {
            _entries.TryGetValue((scope, id), out known);
        }

        LedgerTotals totals;
        if (known is null || known.Through > head || start < known.Start || end < known.End || start >= known.End)
        {
            // First look, or a window that moved backwards or jumped past the last one: read it whole.
            totals = await store.SumUsageAsync(scope, id, span, 0, head, cancellationToken);
        }
        else
        {
            totals = known.Totals;
            if (start > known.Start)
            {
                totals -= await store.SumUsageAsync(scope, id, Span(known.Start, start), 0, known.Through, cancellationToken);
            }

            if (end > known.End)
            {
                totals += await store.SumUsageAsync(scope, id, Span(known.End, end), 0, known.Through, cancellationToken);
            }

            totals += await store.SumUsageAsync(scope, id, span, known.Through, head, cancellationToken);
        }

        lock (_lock)
        {
            if (!_entries.TryGetValue((scope, id), out var latest) || latest.Through <= head)
            {
                _entries[(scope, id)] = new Entry(start, end, head, totals);
            }
        }

        return totals;
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Bounds(WindowSpan span) =>
        (span.Start ?? DateTimeOffset.MinValue, span.End ?? DateTimeOffset.MaxValue);

    private static WindowSpan Span(DateTimeOffset start, DateTimeOffset end) =>
        new(start == DateTimeOffset.MinValue ? null : start, end == DateTimeOffset.MaxValue ? null : end);

    private sealed record Entry(DateTimeOffset Start, DateTimeOffset End, long Through, LedgerTotals Totals);
}
