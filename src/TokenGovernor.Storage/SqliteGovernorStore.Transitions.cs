using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string UpdateGovernedTaskStateSql =
        "UPDATE tasks SET state = @to, state_reason = @reason, updated_at = @at WHERE id = @id AND state = @from";

    private const string InsertTransitionSql = """
        INSERT INTO task_transitions (task_id, at, from_state, to_state, reason)
        VALUES (@id, @at, @from, @to, @reason)
        """;

    private const string SelectTransitionsSql =
        "SELECT task_id, at, from_state, to_state, reason FROM task_transitions WHERE task_id = @id ORDER BY seq";

    private const string UpdateCheckpointStateSql =
        "UPDATE tasks SET checkpoint_state = @checkpoint_state, updated_at = @at WHERE id = @id";

    public async Task<TaskTransitionRecord?> ChangeTaskStateAsync(
        string taskId, IReadOnlyCollection<TaskState> from, TaskState to, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(from);
        using var lease = await EnterAsync(cancellationToken);
        await using var transaction = (Microsoft.Data.Sqlite.SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        var task = await ReadGovernedTaskAsync(taskId, transaction, cancellationToken);
        if (task is null || !from.Contains(task.State))
        {
            return null;
        }

        var update = Command(UpdateGovernedTaskStateSql, transaction);
        update.Parameters.AddWithValue("@id", taskId);
        update.Parameters.AddWithValue("@from", task.State.ToWire());
        update.Parameters.AddWithValue("@to", to.ToWire());
        update.Parameters.AddWithValue("@reason", SqlValues.Nullable(reason));
        update.Parameters.AddWithValue("@at", SqlValues.Time(at));
        await update.ExecuteNonQueryAsync(cancellationToken);

        var insert = Command(InsertTransitionSql, transaction);
        insert.Parameters.AddWithValue("@id", taskId);
        insert.Parameters.AddWithValue("@at", SqlValues.Time(at));
        insert.Parameters.AddWithValue("@from", task.State.ToWire());
        insert.Parameters.AddWithValue("@to", to.ToWire());
        insert.Parameters.AddWithValue("@reason", SqlValues.Nullable(reason));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TaskTransitionRecord(taskId, at, task.State, to, reason);
    }

    public async Task<IReadOnlyList<TaskTransitionRecord>> GetTaskTransitionsAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectTransitionsSql);
        command.Parameters.AddWithValue("@id", taskId);
        var transitions = new List<TaskTransitionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            transitions.Add(new TaskTransitionRecord(
                reader.GetString(0),
                SqlValues.ReadTime(reader, 1),
                TaskStates.Parse(reader.GetString(2)),
                TaskStates.Parse(reader.GetString(3)),
                SqlValues.ReadNullableString(reader, 4)));
        }

        return transitions;
    }

    public async Task<bool> SetCheckpointStateAsync(string taskId, CheckpointState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(UpdateCheckpointStateSql);
        command.Parameters.AddWithValue("@id", taskId);
        command.Parameters.AddWithValue("@checkpoint_state", state.ToWire());
        command.Parameters.AddWithValue("@at", SqlValues.Time(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
