using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>The usage ledger, the governor's settings and its decisions.</summary>
public partial interface IGovernorStore
{
    /// <summary>Appends one usage event; false when an event with its id is already in the ledger.</summary>
    Task<bool> AppendUsageAsync(UsageEventRecord usage, CancellationToken cancellationToken);

    /// <summary>Sums the events attributed to one task, package or project whose time falls in <paramref name="span"/>.</summary>
    Task<LedgerTotals> SumUsageAsync(BudgetScope scope, string id, WindowSpan span, CancellationToken cancellationToken);

    /// <summary>
    /// The ledger's head: the sequence number of its newest event (0 when empty). Events are numbered in the order
    /// they were committed, by every process sharing the store, so "the events after N" is exact.
    /// </summary>
    Task<long> GetLedgerHeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="SumUsageAsync(BudgetScope, string, WindowSpan, CancellationToken)"/>, over only the events numbered
    /// after <paramref name="after"/> up to and including <paramref name="through"/>: what lets a reader keep running
    /// sums and add just what was appended since it last looked.
    /// </summary>
    Task<LedgerTotals> SumUsageAsync(BudgetScope scope, string id, WindowSpan span, long after, long through, CancellationToken cancellationToken);

    /// <summary>
    /// The events numbered after <paramref name="after"/> up to and including <paramref name="through"/>, in ledger
    /// order, leaving out those whose source is <paramref name="excluding"/>: what a process that counts its own events
    /// as it records them reads to learn what everyone else recorded meanwhile.
    /// </summary>
    Task<IReadOnlyList<UsageEventRecord>> ListUsageAsync(long after, long through, UsageSource? excluding, CancellationToken cancellationToken);

    /// <summary>True when the ledger holds an event with this id.</summary>
    Task<bool> HasUsageAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// What each completed task of a project and class spent in all, optionally only tasks of one runner:
    /// the history the estimator learns from.
    /// </summary>
    Task<IReadOnlyList<TokenUsage>> GetCompletedTaskUsageAsync(
        string projectId, ComplexityClass complexity, string? runner, CancellationToken cancellationToken);

    /// <summary>The governor's settings; the defaults until someone saves them.</summary>
    Task<GovernorConfig> GetGovernorConfigAsync(CancellationToken cancellationToken);

    Task SaveGovernorConfigAsync(GovernorConfig config, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    Task RecordDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken);

    /// <summary>The decisions taken for one task, oldest first.</summary>
    Task<IReadOnlyList<DecisionRecord>> ListDecisionsAsync(string taskId, CancellationToken cancellationToken);
}
