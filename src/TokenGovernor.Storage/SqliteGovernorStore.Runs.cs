using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string RunColumns = "id, started_at, ended_at, state, run_directory, settings_json, exit_code";

    private const string InsertRunSql = $"""
        INSERT INTO runs ({RunColumns})
        VALUES (@id, @started_at, @ended_at, @state, @run_directory, @settings_json, @exit_code)
        """;

    private const string FinishRunSql =
        "UPDATE runs SET ended_at = @ended_at, state = @state, exit_code = @exit_code WHERE id = @id";

    private const string SelectRunSql = $"SELECT {RunColumns} FROM runs WHERE id = @id";

    private const string SelectLatestRunSql = $"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, seq DESC LIMIT 1";

    private const string SelectRunsSql = $"SELECT {RunColumns} FROM runs ORDER BY started_at, seq";

    // SQLITE_CONSTRAINT: a unique or primary key would be violated.
    private const int SqliteConstraint = 19;

    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertRunSql);
        command.Parameters.AddWithValue("@id", run.Id);
        command.Parameters.AddWithValue("@started_at", SqlValues.Time(run.StartedAt));
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(run.EndedAt));
        command.Parameters.AddWithValue("@state", run.State);
        command.Parameters.AddWithValue("@run_directory", run.RunDirectory);
        command.Parameters.AddWithValue("@settings_json", run.SettingsJson);
        command.Parameters.AddWithValue("@exit_code", SqlValues.Nullable(run.ExitCode));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new InvalidOperationException($"A run with id '{run.Id}' already exists in {Description}.", ex);
        }
    }

    public async Task FinishRunAsync(string runId, DateTimeOffset endedAt, string state, int exitCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(state);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(FinishRunSql);
        command.Parameters.AddWithValue("@id", runId);
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(endedAt));
        command.Parameters.AddWithValue("@state", state);
        command.Parameters.AddWithValue("@exit_code", exitCode);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"Run '{runId}' does not exist in {Description}.");
        }
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectRunSql);
        command.Parameters.AddWithValue("@id", runId);
        var runs = await ReadRunsAsync(command, cancellationToken);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var runs = await ReadRunsAsync(Command(SelectLatestRunSql), cancellationToken);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return await ReadRunsAsync(Command(SelectRunsSql), cancellationToken);
    }

    private static async Task<List<RunRecord>> ReadRunsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new RunRecord(
                Id: reader.GetString(0),
                StartedAt: SqlValues.ReadTime(reader, 1),
                EndedAt: SqlValues.ReadNullableTime(reader, 2),
                State: reader.GetString(3),
                RunDirectory: reader.GetString(4),
                SettingsJson: reader.GetString(5),
                ExitCode: SqlValues.ReadNullableInt(reader, 6)));
        }

        return runs;
    }
}
