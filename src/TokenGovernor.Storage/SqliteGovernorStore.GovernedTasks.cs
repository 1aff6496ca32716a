using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string GovernedTaskColumns = """
        id, project_id, package_id, parent_id, title, runner, complexity, estimate_tokens, estimate_source,
        estimate_low, estimate_high, budget_tokens, budget_usd, budget_window, priority, state, state_reason,
        checkpoint_state, created_at, updated_at
        """;

    // resumes_at (migration 7) is set by the scheduler, never on insert.
    private const string SelectGovernedColumns = GovernedTaskColumns + ", resumes_at";

    private const string InsertGovernedTaskSql = $"""
        INSERT INTO tasks ({GovernedTaskColumns})
        VALUES (@id, @project_id, @package_id, @parent_id, @title, @runner, @complexity, @estimate_tokens, @estimate_source,
            @estimate_low, @estimate_high, @budget_tokens, @budget_usd, @budget_window, @priority, @state, @state_reason,
            @checkpoint_state, @created_at, @updated_at)
        """;

    private const string SelectGovernedTaskSql = $"SELECT {SelectGovernedColumns} FROM tasks WHERE id = @id";

    private const string SelectGovernedTasksSql = $"""
        SELECT {SelectGovernedColumns} FROM tasks
        WHERE (@project_id IS NULL OR project_id = @project_id)
          AND (@package_id IS NULL OR package_id = @package_id)
          AND (@state IS NULL OR state = @state)
        ORDER BY project_id, id
        """;

    public async Task CreateTaskAsync(GovernedTaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertGovernedTaskSql);
        command.Parameters.AddWithValue("@id", task.Id);
        command.Parameters.AddWithValue("@project_id", task.ProjectId);
        command.Parameters.AddWithValue("@package_id", SqlValues.Nullable(task.PackageId));
        command.Parameters.AddWithValue("@parent_id", SqlValues.Nullable(task.ParentId));
        command.Parameters.AddWithValue("@title", task.Title);
        command.Parameters.AddWithValue("@runner", SqlValues.Nullable(task.Runner));
        command.Parameters.AddWithValue("@complexity", task.Estimate.Class.ToWire());
        command.Parameters.AddWithValue("@estimate_tokens", task.Estimate.Tokens);
        command.Parameters.AddWithValue("@estimate_source", task.Estimate.Source.ToWire());
        command.Parameters.AddWithValue("@estimate_low", task.Estimate.Low);
        command.Parameters.AddWithValue("@estimate_high", task.Estimate.High);
        BudgetColumns.AddLimits(command, task.Budget);
        command.Parameters.AddWithValue("@priority", task.Priority);
        command.Parameters.AddWithValue("@state", task.State.ToWire());
        command.Parameters.AddWithValue("@state_reason", SqlValues.Nullable(task.StateReason));
        command.Parameters.AddWithValue("@checkpoint_state", task.Checkpoint.ToWire());
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(task.CreatedAt));
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(task.UpdatedAt));
        await ExecuteInsertAsync(
            command,
            $"A task with id '{task.Id}' already exists.",
            $"Task '{task.Id}' refers to a project, package or parent task that does not exist.",
            cancellationToken);
    }

    public async Task<GovernedTaskRecord?> GetTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        return await ReadGovernedTaskAsync(taskId, null, cancellationToken);
    }

    public async Task<IReadOnlyList<GovernedTaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectGovernedTasksSql);
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(query.ProjectId));
        command.Parameters.AddWithValue("@package_id", SqlValues.Nullable(query.PackageId));
        command.Parameters.AddWithValue("@state", SqlValues.Nullable(query.State?.ToWire()));
        var tasks = new List<GovernedTaskRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(ReadGovernedTask(reader));
        }

        return tasks;
    }

    private async Task<GovernedTaskRecord?> ReadGovernedTaskAsync(string taskId, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var command = Command(SelectGovernedTaskSql, transaction);
        command.Parameters.AddWithValue("@id", taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadGovernedTask(reader) : null;
    }

    private static GovernedTaskRecord ReadGovernedTask(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        ProjectId: reader.GetString(1),
        PackageId: SqlValues.ReadNullableString(reader, 2),
        ParentId: SqlValues.ReadNullableString(reader, 3),
        Title: reader.GetString(4),
        Runner: SqlValues.ReadNullableString(reader, 5),
        Estimate: new Estimate(
            Tokens: reader.GetInt64(7),
            Source: EstimateSources.Parse(reader.GetString(8)),
            Low: reader.GetInt64(9),
            High: reader.GetInt64(10),
            Class: ComplexityClasses.Parse(reader.GetString(6))),
        Budget: BudgetColumns.ReadLimits(reader, 11),
        Priority: reader.GetInt32(14),
        State: TaskStates.Parse(reader.GetString(15)),
        StateReason: SqlValues.ReadNullableString(reader, 16),
        Checkpoint: CheckpointStates.Parse(reader.GetString(17)),
        CreatedAt: SqlValues.ReadTime(reader, 18),
        UpdatedAt: SqlValues.ReadTime(reader, 19))
    {
        ResumesAt = SqlValues.ReadNullableTime(reader, 20),
    };
}
