using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>An attempt's claim on its budgets: its estimate, held until the attempt ends.</summary>
public sealed record ReservationRecord(string Id, string TaskId, string? PackageId, string ProjectId, long EstimateTokens, DateTimeOffset CreatedAt)
{
    /// <summary>The process holding the reservation, so that one left by a killed process can be taken back.</summary>
    public RunOwnerRecord? Owner { get; init; }
}

/// <summary>One budget a reservation must fit in: a task's, its package's or its project's.</summary>
public sealed record BudgetClaim(BudgetScope Scope, string Id, Budget Budget);

/// <summary>
/// Whether a reservation was taken, and every budget as it stood when the store looked: spend in its current
/// window plus the reservations live under it (before this one).
/// </summary>
public sealed record ReservationOutcome(bool Reserved, IReadOnlyList<BudgetLevel> Levels);
