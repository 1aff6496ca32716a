using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string InsertReservationSql = """
        INSERT INTO reservations (id, task_id, package_id, project_id, estimate_tokens, reserved_tokens, created_at, updated_at,
                                  owner_pid, owner_start_ticks, owner_host)
        VALUES (@id, @task_id, @package_id, @project_id, @estimate, @estimate, @at, @at, @owner_pid, @owner_start_ticks, @owner_host)
        """;

    private const string ShrinkReservationSql = """
        UPDATE reservations
        SET reserved_tokens = CASE WHEN estimate_tokens > @spent THEN estimate_tokens - @spent ELSE 0 END, updated_at = @at
        WHERE id = @id
        """;

    private const string DeleteReservationSql = "DELETE FROM reservations WHERE id = @id";

    // One statement per scope, so each uses its index; @except is '' when nothing is left out.
    private const string SumProjectReservationsSql = "SELECT COALESCE(SUM(reserved_tokens), 0) FROM reservations WHERE project_id = @id AND id <> @except";

    private const string SumPackageReservationsSql = "SELECT COALESCE(SUM(reserved_tokens), 0) FROM reservations WHERE package_id = @id AND id <> @except";

    private const string SumTaskReservationsSql = "SELECT COALESCE(SUM(reserved_tokens), 0) FROM reservations WHERE task_id = @id AND id <> @except";

    public async Task<ReservationOutcome> TryReserveAsync(
        ReservationRecord reservation, IReadOnlyList<BudgetClaim> claims, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(claims);
        using var lease = await EnterAsync(cancellationToken);

        // BEGIN IMMEDIATE takes the write lock before reading, so no other process can reserve between the sums and the insert.
        await using var transaction = _connection.BeginTransaction(deferred: false);
        var levels = new List<BudgetLevel>(claims.Count);
        foreach (var claim in claims)
        {
            var totals = await ReadUsageSumAsync(claim.Scope, claim.Id, claim.Budget.Window.Current(now), transaction, cancellationToken);
            var reserved = await ReadReservedAsync(claim.Scope, claim.Id, null, transaction, cancellationToken);
            levels.Add(new BudgetLevel(claim.Scope, claim.Id, claim.Budget, totals.CountedBy(claim.Budget), new Spend(reserved, 0m)));
        }

        if (!Policy.Fits(reservation.EstimateTokens, levels))
        {
            return new ReservationOutcome(false, levels);
        }

        var insert = Command(InsertReservationSql, transaction);
        insert.Parameters.AddWithValue("@id", reservation.Id);
        insert.Parameters.AddWithValue("@task_id", reservation.TaskId);
        insert.Parameters.AddWithValue("@package_id", SqlValues.Nullable(reservation.PackageId));
        insert.Parameters.AddWithValue("@project_id", reservation.ProjectId);
        insert.Parameters.AddWithValue("@estimate", reservation.EstimateTokens);
        insert.Parameters.AddWithValue("@at", SqlValues.Time(reservation.CreatedAt));
        insert.Parameters.AddWithValue("@owner_pid", SqlValues.Nullable(reservation.Owner?.Pid));
        insert.Parameters.AddWithValue("@owner_start_ticks", SqlValues.Nullable(reservation.Owner?.StartTicks));
        insert.Parameters.AddWithValue("@owner_host", SqlValues.Nullable(reservation.Owner?.Host));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReservationOutcome(true, levels);
    }

    public async Task ShrinkReservationAsync(string reservationId, long spentTokens, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(ShrinkReservationSql);
        command.Parameters.AddWithValue("@id", reservationId);
        command.Parameters.AddWithValue("@spent", spentTokens);
        command.Parameters.AddWithValue("@at", SqlValues.Time(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ReleaseReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(DeleteReservationSql);
        command.Parameters.AddWithValue("@id", reservationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<long> SumReservationsAsync(BudgetScope scope, string id, string? exceptReservationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var lease = await EnterAsync(cancellationToken);
        return await ReadReservedAsync(scope, id, exceptReservationId, null, cancellationToken);
    }

    private async Task<long> ReadReservedAsync(BudgetScope scope, string id, string? exceptReservationId, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var command = Command(
            scope switch
            {
                BudgetScope.Project => SumProjectReservationsSql,
                BudgetScope.Package => SumPackageReservationsSql,
                _ => SumTaskReservationsSql,
            },
            transaction);
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@except", exceptReservationId ?? "");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
