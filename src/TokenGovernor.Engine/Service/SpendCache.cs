using System.Diagnostics;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>
/// What each budget has spent in its current window, kept in memory so deciding on an event needs no ledger scan,
/// and exact for every writer of the store. A window's total is read from the ledger once, through a known ledger
/// head; from then on the service adds its own events (source <c>api</c>) as it decides on them, and reads what
/// everyone else appended since that head — <c>token-gov run</c> in another process, the service's own workers —
/// whenever it looks again, at most every <see cref="LookInterval"/>. Keyed by the window's start, so a calendar
/// window that rolls over starts from the ledger again. Rolling windows move with every instant and are not cached.
/// Callers hold the project's gate, which serialises loads and additions for the budgets of one project.
/// </summary>
/// <remarks>The service must be the only writer of <c>api</c> events to its store: another <c>serve</c> on the same file would not be seen.</remarks>
internal sealed class SpendCache(IGovernorStore store) : IDisposable
{
    /// <summary>How stale what other writers spent may be when a decision is taken.</summary>
    public static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(10);

    private static readonly long LookTicks = (long)(LookInterval.TotalSeconds * Stopwatch.Frequency);
    private readonly Dictionary<(BudgetScope Scope, string Id), List<Entry>> _entries = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private long _through = -1;
    private long _lastLook;

    public static bool Caches(Budget budget) => budget.Window.Kind != WindowKind.Rolling;

    public void Dispose() => _reading.Dispose();

    /// <summary>
    /// Adds what other writers appended to the ledger since the last look, unless a look is under way or was
    /// taken within <see cref="LookInterval"/>.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref _lastLook) < LookTicks || !_reading.Wait(0, cancellationToken))
        {
            return;
        }

        try
        {
            await ReadOthersAsync(cancellationToken);
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The entry for one budget's window, loading its totals from the ledger the first time.</summary>
    public async Task<Entry> GetAsync(BudgetScope scope, string id, WindowSpan span, CancellationToken cancellationToken)
    {
        if (Find(scope, id, span) is { } found)
        {
            return found;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (Find(scope, id, span) is { } loaded)
            {
                return loaded;
            }

            if (_through < 0)
            {
                await ReadOthersAsync(cancellationToken);
            }

            // Through the head the other entries are complete to, so the next look adds the same events to all.
            var totals = await store.SumUsageAsync(scope, id, span, 0, _through, cancellationToken);
            var entry = new Entry(span, totals.Tokens, totals.CostUsd);
            lock (_lock)
            {
                if (!_entries.TryGetValue((scope, id), out var windows))
                {
                    _entries[(scope, id)] = windows = [];
                }

                // Windows that ended before this one starts are never asked for again.
                windows.RemoveAll(window => window.Span.End is { } end && span.Start is { } start && end <= start);
                windows.Add(entry);
            }

            return entry;
        }
        finally
        {
            _reading.Release();
        }
    }

    private Entry? Find(BudgetScope scope, string id, WindowSpan span)
    {
        lock (_lock)
        {
            return _entries.TryGetValue((scope, id), out var windows) ? windows.Find(window => window.Span.Start == span.Start) : null;
        }
    }

    /// <summary>Reads the ledger after the last head looked at; call only while holding <see cref="_reading"/>.</summary>
    private async Task ReadOthersAsync(CancellationToken cancellationToken)
    {
        var head = await store.GetLedgerHeadAsync(cancellationToken);
        if (_through >= 0 && head > _through)
        {
            foreach (var usage in await store.ListUsageAsync(_through, head, UsageSource.Api, cancellationToken))
            {
                Apply(BudgetScope.Project, usage.ProjectId, usage);
                Apply(BudgetScope.Package, usage.PackageId, usage);
                Apply(BudgetScope.Task, usage.TaskId, usage);
            }
        }

        _through = Math.Max(_through, head);
        Volatile.Write(ref _lastLook, Stopwatch.GetTimestamp());
    }

    private void Apply(BudgetScope scope, string? id, UsageEventRecord usage)
    {
        if (id is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue((scope, id), out var windows))
            {
                foreach (var window in windows.Where(window => window.Span.Contains(usage.At)))
                {
                    window.Add(usage.Tokens, usage.CostUsd);
                }
            }
        }
    }

    public sealed class Entry(WindowSpan span, TokenUsage tokens, decimal costUsd)
    {
        private readonly Lock _lock = new();

        public WindowSpan Span { get; } = span;

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
