namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string SetRunOwnerSql =
        "UPDATE runs SET owner_pid = @pid, owner_start_ticks = @start_ticks, owner_host = @host WHERE id = @id";

    private const string SelectRunOwnerSql = "SELECT owner_pid, owner_start_ticks, owner_host FROM runs WHERE id = @id AND owner_pid IS NOT NULL";

    public async Task<bool> SetRunOwnerAsync(string runId, RunOwnerRecord owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SetRunOwnerSql);
        command.Parameters.AddWithValue("@id", runId);
        command.Parameters.AddWithValue("@pid", owner.Pid);
        command.Parameters.AddWithValue("@start_ticks", owner.StartTicks);
        command.Parameters.AddWithValue("@host", owner.Host);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<RunOwnerRecord?> GetRunOwnerAsync(string runId, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectRunOwnerSql);
        command.Parameters.AddWithValue("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RunOwnerRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2))
            : null;
    }

    private const string SelectReservationOwnersSql =
        "SELECT DISTINCT owner_pid, owner_start_ticks, owner_host FROM reservations WHERE owner_pid IS NOT NULL";

    private const string ReleaseReservationsOfSql =
        "DELETE FROM reservations WHERE owner_pid = @pid AND owner_start_ticks = @start_ticks AND owner_host = @host";

    public async Task<IReadOnlyList<RunOwnerRecord>> ListReservationOwnersAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var owners = new List<RunOwnerRecord>();
        await using var reader = await Command(SelectReservationOwnersSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners.Add(new RunOwnerRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return owners;
    }

    public async Task<int> ReleaseReservationsOfAsync(RunOwnerRecord owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(ReleaseReservationsOfSql);
        command.Parameters.AddWithValue("@pid", owner.Pid);
        command.Parameters.AddWithValue("@start_ticks", owner.StartTicks);
        command.Parameters.AddWithValue("@host", owner.Host);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
