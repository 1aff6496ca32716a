namespace TokenGovernor.Storage;

/// <summary>An API key of the service: the secret itself is never stored, only its hash.</summary>
public sealed record ApiKeyRecord(string Id, string Name, string Prefix, string SecretHash, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Where a project's events are posted, which events, and the secret their bodies are signed with.</summary>
public sealed record WebhookRecord(string Id, string ProjectId, string Url, IReadOnlyList<string> Events, string Secret, int StatusIntervalSeconds, DateTimeOffset CreatedAt);

/// <summary>A webhook delivery that failed after every retry.</summary>
public sealed record DeliveryErrorRecord(long Seq, string WebhookId, string ProjectId, string Url, string Event, int Attempts, string Error, DateTimeOffset At, DateTimeOffset? NotifiedAt);

/// <summary>Ledger totals for one group of a usage listing (a day, a model or a task).</summary>
public sealed record UsageGroupRecord(string Key, LedgerTotals Totals);

/// <summary>How a usage listing groups the ledger.</summary>
public enum UsageGrouping
{
    Day,
    Model,
    Task,
}
