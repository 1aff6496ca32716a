using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string UpsertTaskStateSql = """
        INSERT INTO task_states (task_id, repo, state, reason, last_run_id, updated_at)
        VALUES (@task_id, @repo, @state, @reason, @last_run_id, @updated_at)
        ON CONFLICT (task_id) DO UPDATE SET
            repo = excluded.repo,
            state = excluded.state,
            reason = excluded.reason,
            last_run_id = excluded.last_run_id,
            updated_at = excluded.updated_at
        """;

    private const string SelectTaskStatesSql =
        "SELECT task_id, repo, state, reason, last_run_id, updated_at FROM task_states ORDER BY task_id";

    private const string DeleteTaskStateSql = "DELETE FROM task_states WHERE task_id = @task_id";

    private const string DeleteTaskStatesSql = "DELETE FROM task_states";

    public async Task<IReadOnlyDictionary<string, TaskStateRecord>> GetTaskStatesAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var states = new Dictionary<string, TaskStateRecord>(StringComparer.Ordinal);
        await using var reader = await Command(SelectTaskStatesSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new TaskStateRecord(
                TaskId: reader.GetString(0),
                Repo: reader.GetString(1),
                State: TaskStates.Parse(reader.GetString(2)),
                Reason: SqlValues.ReadNullableString(reader, 3),
                LastRunId: SqlValues.ReadNullableString(reader, 4),
                UpdatedAt: SqlValues.ReadTime(reader, 5));
            states.Add(state.TaskId, state);
        }

        return states;
    }

    public async Task<bool> ResetTaskStateAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(DeleteTaskStateSql);
        command.Parameters.AddWithValue("@task_id", taskId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> ClearTaskStatesAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return await Command(DeleteTaskStatesSql).ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UpsertTaskStateAsync(TaskStateRecord state, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(UpsertTaskStateSql, transaction);
        command.Parameters.AddWithValue("@task_id", state.TaskId);
        command.Parameters.AddWithValue("@repo", state.Repo);
        command.Parameters.AddWithValue("@state", state.State.ToWire());
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(state.Reason));
        command.Parameters.AddWithValue("@last_run_id", SqlValues.Nullable(state.LastRunId));
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(state.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
