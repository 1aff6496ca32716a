using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>What <c>token-gov serve</c> keeps: API keys, webhooks, failed deliveries, and the ledger written in batches.</summary>
public partial interface IGovernorStore
{
    /// <exception cref="StoreConflictException">A key with this id or secret hash exists.</exception>
    Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, revoked or not; null when none does.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key by id or name; false when no live key has it.</summary>
    Task<bool> RevokeApiKeyAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken);

    /// <exception cref="InvalidOperationException">The project does not exist.</exception>
    Task CreateWebhookAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>Webhooks, oldest first; one project's when given.</summary>
    Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(string? projectId, CancellationToken cancellationToken);

    /// <summary>Removes a webhook; false when it did not exist.</summary>
    Task<bool> RemoveWebhookAsync(string webhookId, CancellationToken cancellationToken);

    Task RecordDeliveryErrorAsync(DeliveryErrorRecord error, CancellationToken cancellationToken);

    /// <summary>Failed deliveries, oldest first; only those nobody has been notified of when <paramref name="unnotifiedOnly"/>.</summary>
    Task<IReadOnlyList<DeliveryErrorRecord>> ListDeliveryErrorsAsync(bool unnotifiedOnly, CancellationToken cancellationToken);

    /// <summary>Marks every failed delivery up to <paramref name="upToSeq"/> as notified.</summary>
    Task MarkDeliveryErrorsNotifiedAsync(long upToSeq, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Appends usage events and the decisions taken on them in one transaction: the group commit the service uses
    /// so many concurrent reports cost one disk sync. Events whose id is already in the ledger are skipped.
    /// </summary>
    Task AppendUsageBatchAsync(IReadOnlyList<UsageEventRecord> usage, IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken);

    /// <summary>Ledger totals in [<paramref name="from"/>, <paramref name="to"/>) grouped by day (UTC), model or task; one project's when given.</summary>
    Task<IReadOnlyList<UsageGroupRecord>> SumUsageGroupedAsync(
        DateTimeOffset from, DateTimeOffset to, UsageGrouping grouping, string? projectId, CancellationToken cancellationToken);

    /// <summary>Every agent, newest first, at most <paramref name="limit"/>; one project's when given.</summary>
    Task<IReadOnlyList<AgentRecord>> ListRecentAgentsAsync(string? projectId, int limit, CancellationToken cancellationToken);

    /// <summary>The agent with this id; null when there is none.</summary>
    Task<AgentRecord?> FindAgentAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>How many events the ledger holds.</summary>
    Task<long> CountUsageEventsAsync(CancellationToken cancellationToken);

    /// <summary>Decisions taken so far, counted by decision.</summary>
    Task<IReadOnlyDictionary<PolicyDecision, long>> CountDecisionsAsync(CancellationToken cancellationToken);
}
