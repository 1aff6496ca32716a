using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string TokenColumns = "input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, reasoning_tokens";

    private const string TokenUpdates = """
        input_tokens = excluded.input_tokens,
        output_tokens = excluded.output_tokens,
        cache_creation_tokens = excluded.cache_creation_tokens,
        cache_read_tokens = excluded.cache_read_tokens,
        reasoning_tokens = excluded.reasoning_tokens,
        """;

    private const string TaskResultColumns =
        $"run_id, task_id, repo, state, reason, runner, started_at, ended_at, {TokenColumns}, cost_usd, final_message, output_directory";

    private const string UpsertTaskResultSql = $"""
        INSERT INTO task_results ({TaskResultColumns})
        VALUES (@run_id, @task_id, @repo, @state, @reason, @runner, @started_at, @ended_at,
                @input_tokens, @output_tokens, @cache_creation_tokens, @cache_read_tokens, @reasoning_tokens,
                @cost_usd, @final_message, @output_directory)
        ON CONFLICT (run_id, task_id) DO UPDATE SET
            repo = excluded.repo,
            state = excluded.state,
            reason = excluded.reason,
            runner = excluded.runner,
            started_at = excluded.started_at,
            ended_at = excluded.ended_at,
            {TokenUpdates}
            cost_usd = excluded.cost_usd,
            final_message = excluded.final_message,
            output_directory = excluded.output_directory
        """;

    private const string AttemptColumns =
        $"run_id, task_id, number, runner, model, started_at, ended_at, exit_code, outcome, reason, output_directory, {TokenColumns}, cost_usd, session_id";

    private const string UpsertAttemptSql = $"""
        INSERT INTO attempts ({AttemptColumns})
        VALUES (@run_id, @task_id, @number, @runner, @model, @started_at, @ended_at, @exit_code, @outcome, @reason, @output_directory,
                @input_tokens, @output_tokens, @cache_creation_tokens, @cache_read_tokens, @reasoning_tokens,
                @cost_usd, @session_id)
        ON CONFLICT (run_id, task_id, number) DO UPDATE SET
            runner = excluded.runner,
            model = excluded.model,
            started_at = excluded.started_at,
            ended_at = excluded.ended_at,
            exit_code = excluded.exit_code,
            outcome = excluded.outcome,
            reason = excluded.reason,
            output_directory = excluded.output_directory,
            {TokenUpdates}
            cost_usd = excluded.cost_usd,
            session_id = excluded.session_id
        """;

    private const string SelectTaskResultsSql = $"SELECT {TaskResultColumns} FROM task_results WHERE run_id = @run_id ORDER BY task_id";

    private const string SelectAttemptsSql = $"SELECT {AttemptColumns} FROM attempts WHERE run_id = @run_id ORDER BY task_id, number";

    public Task RecordTaskAsync(TaskResultRecord result, AttemptRecord? attempt, TaskStateRecord? state, CancellationToken cancellationToken) =>
        RecordTasksAsync([new TaskRecord(result, attempt, state)], cancellationToken);

    public async Task RecordTasksAsync(IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Check(record);
        }

        using var lease = await EnterAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        foreach (var (result, attempt, state) in records)
        {
            await UpsertTaskResultAsync(result, transaction, cancellationToken);
            if (attempt is not null)
            {
                await UpsertAttemptAsync(attempt, transaction, cancellationToken);
            }

            if (state is not null)
            {
                await UpsertTaskStateAsync(state, transaction, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static void Check(TaskRecord record)
    {
        var (result, attempt, state) = record;
        ArgumentNullException.ThrowIfNull(result);
        if (attempt is not null && (attempt.RunId != result.RunId || attempt.TaskId != result.TaskId))
        {
            throw new ArgumentException(
                $"Attempt of {attempt.RunId}/{attempt.TaskId} recorded with the result of {result.RunId}/{result.TaskId}.", nameof(record));
        }

        if (state is not null && state.TaskId != result.TaskId)
        {
            throw new ArgumentException($"State of task {state.TaskId} recorded with the result of task {result.TaskId}.", nameof(record));
        }
    }

    public async Task<IReadOnlyList<TaskResultRecord>> GetTaskResultsAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectTaskResultsSql);
        command.Parameters.AddWithValue("@run_id", runId);
        var results = new List<TaskResultRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new TaskResultRecord(
                RunId: reader.GetString(0),
                TaskId: reader.GetString(1),
                Repo: reader.GetString(2),
                State: TaskStates.Parse(reader.GetString(3)),
                Reason: SqlValues.ReadNullableString(reader, 4),
                Runner: SqlValues.ReadNullableString(reader, 5),
                StartedAt: SqlValues.ReadNullableTime(reader, 6),
                EndedAt: SqlValues.ReadNullableTime(reader, 7),
                Tokens: SqlValues.ReadTokens(reader, 8),
                CostUsd: SqlValues.ReadMoney(reader, 13),
                FinalMessage: SqlValues.ReadNullableString(reader, 14),
                OutputDirectory: SqlValues.ReadNullableString(reader, 15)));
        }

        return results;
    }

    public async Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectAttemptsSql);
        command.Parameters.AddWithValue("@run_id", runId);
        var attempts = new List<AttemptRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new AttemptRecord(
                RunId: reader.GetString(0),
                TaskId: reader.GetString(1),
                Number: reader.GetInt32(2),
                Runner: reader.GetString(3),
                Model: SqlValues.ReadNullableString(reader, 4),
                StartedAt: SqlValues.ReadTime(reader, 5),
                EndedAt: SqlValues.ReadNullableTime(reader, 6),
                ExitCode: SqlValues.ReadNullableInt(reader, 7),
                Outcome: reader.GetString(8),
                Reason: SqlValues.ReadNullableString(reader, 9),
                OutputDirectory: reader.GetString(10),
                Tokens: SqlValues.ReadTokens(reader, 11),
                CostUsd: SqlValues.ReadMoney(reader, 16),
                SessionId: SqlValues.ReadNullableString(reader, 17)));
        }

        return attempts;
    }

    private async Task UpsertTaskResultAsync(TaskResultRecord result, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(UpsertTaskResultSql, transaction);
        command.Parameters.AddWithValue("@run_id", result.RunId);
        command.Parameters.AddWithValue("@task_id", result.TaskId);
        command.Parameters.AddWithValue("@repo", result.Repo);
        command.Parameters.AddWithValue("@state", result.State.ToWire());
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(result.Reason));
        command.Parameters.AddWithValue("@runner", SqlValues.Nullable(result.Runner));
        command.Parameters.AddWithValue("@started_at", SqlValues.Time(result.StartedAt));
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(result.EndedAt));
        SqlValues.AddTokens(command, result.Tokens);
        command.Parameters.AddWithValue("@cost_usd", SqlValues.Money(result.CostUsd));
        command.Parameters.AddWithValue("@final_message", SqlValues.Nullable(result.FinalMessage));
        command.Parameters.AddWithValue("@output_directory", SqlValues.Nullable(result.OutputDirectory));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UpsertAttemptAsync(AttemptRecord attempt, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(UpsertAttemptSql, transaction);
        command.Parameters.AddWithValue("@run_id", attempt.RunId);
        command.Parameters.AddWithValue("@task_id", attempt.TaskId);
        command.Parameters.AddWithValue("@number", attempt.Number);
        command.Parameters.AddWithValue("@runner", attempt.Runner);
        command.Parameters.AddWithValue("@model", SqlValues.Nullable(attempt.Model));
        command.Parameters.AddWithValue("@started_at", SqlValues.Time(attempt.StartedAt));
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(attempt.EndedAt));
        command.Parameters.AddWithValue("@exit_code", SqlValues.Nullable(attempt.ExitCode));
        command.Parameters.AddWithValue("@outcome", attempt.Outcome);
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(attempt.Reason));
        command.Parameters.AddWithValue("@output_directory", attempt.OutputDirectory);
        SqlValues.AddTokens(command, attempt.Tokens);
        command.Parameters.AddWithValue("@cost_usd", SqlValues.Money(attempt.CostUsd));
        command.Parameters.AddWithValue("@session_id", SqlValues.Nullable(attempt.SessionId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
