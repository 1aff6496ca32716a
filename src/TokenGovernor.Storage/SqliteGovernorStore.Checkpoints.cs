using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string InsertCheckpointSql = """
        INSERT INTO checkpoints (task_id, agent_id, at, reason, session_id, git_ref, summary)
        VALUES (@task_id, @agent_id, @at, @reason, @session_id, @git_ref, @summary)
        """;

    private const string SelectCheckpointsSql = """
        SELECT task_id, agent_id, at, reason, session_id, git_ref, summary
        FROM checkpoints WHERE task_id = @task_id ORDER BY seq
        """;

    private const string SelectProjectCheckpointsSql = """
        SELECT c.task_id, c.agent_id, c.at, c.reason, c.session_id, c.git_ref, c.summary
        FROM checkpoints c JOIN tasks t ON t.id = c.task_id
        WHERE (@project_id IS NULL OR t.project_id = @project_id) ORDER BY c.task_id, c.seq
        """;

    private const string UpdateResumesAtSql = "UPDATE tasks SET resumes_at = @resumes_at WHERE id = @id";

    private const string InsertObservationSql = """
        INSERT INTO threshold_observations (task_id, complexity, threshold, requested_fraction, stopped_fraction, at)
        VALUES (@task_id, @complexity, @threshold, @requested_fraction, @stopped_fraction, @at)
        """;

    private const string SelectObservationsSql = """
        SELECT task_id, complexity, threshold, requested_fraction, stopped_fraction, at
        FROM threshold_observations WHERE (@complexity IS NULL OR complexity = @complexity) ORDER BY seq
        """;

    public async Task SaveCheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var lease = await EnterAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        var insert = Command(InsertCheckpointSql, transaction);
        insert.Parameters.AddWithValue("@task_id", checkpoint.TaskId);
        insert.Parameters.AddWithValue("@agent_id", SqlValues.Nullable(checkpoint.AgentId));
        insert.Parameters.AddWithValue("@at", SqlValues.Time(checkpoint.At));
        insert.Parameters.AddWithValue("@reason", checkpoint.Reason);
        insert.Parameters.AddWithValue("@session_id", SqlValues.Nullable(checkpoint.SessionId));
        insert.Parameters.AddWithValue("@git_ref", SqlValues.Nullable(checkpoint.GitRef));
        insert.Parameters.AddWithValue("@summary", SqlValues.Nullable(checkpoint.Summary));
        await ExecuteInsertAsync(insert, $"A checkpoint of task '{checkpoint.TaskId}' conflicts with one recorded.", $"Checkpoint of task '{checkpoint.TaskId}' refers to a task or agent that does not exist.", cancellationToken);

        var update = Command(UpdateCheckpointStateSql, transaction);
        update.Parameters.AddWithValue("@id", checkpoint.TaskId);
        update.Parameters.AddWithValue("@checkpoint_state", CheckpointState.Saved.ToWire());
        update.Parameters.AddWithValue("@at", SqlValues.Time(checkpoint.At));
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CheckpointRecord>> ListCheckpointsAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectCheckpointsSql);
        command.Parameters.AddWithValue("@task_id", taskId);
        return await ReadCheckpointsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<CheckpointRecord>> ListProjectCheckpointsAsync(string? projectId, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectProjectCheckpointsSql);
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(projectId));
        return await ReadCheckpointsAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<CheckpointRecord>> ReadCheckpointsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var checkpoints = new List<CheckpointRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new CheckpointRecord(
                reader.GetString(0),
                SqlValues.ReadNullableString(reader, 1),
                SqlValues.ReadTime(reader, 2),
                reader.GetString(3),
                SqlValues.ReadNullableString(reader, 4),
                SqlValues.ReadNullableString(reader, 5),
                SqlValues.ReadNullableString(reader, 6)));
        }

        return checkpoints;
    }

    public async Task<bool> SetResumesAtAsync(string taskId, DateTimeOffset? resumesAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(UpdateResumesAtSql);
        command.Parameters.AddWithValue("@id", taskId);
        command.Parameters.AddWithValue("@resumes_at", SqlValues.Time(resumesAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task RecordThresholdObservationAsync(ThresholdObservation observation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertObservationSql);
        command.Parameters.AddWithValue("@task_id", observation.TaskId);
        command.Parameters.AddWithValue("@complexity", observation.Class.ToWire());
        command.Parameters.AddWithValue("@threshold", Fraction(observation.Threshold));
        command.Parameters.AddWithValue("@requested_fraction", Fraction(observation.RequestedFraction));
        command.Parameters.AddWithValue("@stopped_fraction", Fraction(observation.StoppedFraction));
        command.Parameters.AddWithValue("@at", SqlValues.Time(observation.At));
        await ExecuteInsertAsync(command, "Observation conflicts with one recorded.", $"Observation refers to task '{observation.TaskId}', which does not exist.", cancellationToken);
    }

    public async Task<IReadOnlyList<ThresholdObservation>> ListThresholdObservationsAsync(ComplexityClass? complexity, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectObservationsSql);
        command.Parameters.AddWithValue("@complexity", SqlValues.Nullable(complexity?.ToWire()));
        var observations = new List<ThresholdObservation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            observations.Add(new ThresholdObservation(
                reader.GetString(0),
                ComplexityClasses.Parse(reader.GetString(1)),
                ReadFraction(reader, 2),
                ReadFraction(reader, 3),
                ReadFraction(reader, 4),
                SqlValues.ReadTime(reader, 5)));
        }

        return observations;
    }

    private static string Fraction(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double ReadFraction(SqliteDataReader reader, int ordinal) => double.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);
}
