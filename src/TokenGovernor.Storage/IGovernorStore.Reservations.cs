using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>Admission reservations held against budgets while attempts run.</summary>
public partial interface IGovernorStore
{
    /// <summary>
    /// In one write transaction: reads each claim's spend in its current window at <paramref name="now"/> and the
    /// reservations live under it, and inserts <paramref name="reservation"/> only if its estimate fits in every
    /// claim. Two processes reserving at once are serialised, so they cannot both take the same headroom.
    /// </summary>
    Task<ReservationOutcome> TryReserveAsync(
        ReservationRecord reservation, IReadOnlyList<BudgetClaim> claims, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Shrinks a reservation to what its estimate leaves after <paramref name="spentTokens"/> (never below zero).</summary>
    Task ShrinkReservationAsync(string reservationId, long spentTokens, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Returns a reservation's budget; false when it was already gone.</summary>
    Task<bool> ReleaseReservationAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>Tokens reserved under one task, package or project, leaving out <paramref name="exceptReservationId"/> when given.</summary>
    Task<long> SumReservationsAsync(BudgetScope scope, string id, string? exceptReservationId, CancellationToken cancellationToken);
}
