using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string SubmissionColumns = "id, created_at, updated_at, state, origin, scope, request, task_ids, run_id, exit_code, reason";

    private const string InsertSubmissionSql = $"""
        INSERT INTO submissions ({SubmissionColumns})
        VALUES (@id, @created_at, @updated_at, @state, @origin, @scope, @request, @task_ids, @run_id, @exit_code, @reason)
        """;

    private const string SelectSubmissionSql = $"SELECT {SubmissionColumns} FROM submissions WHERE id = @id";

    private const string SelectSubmissionsSql = $"SELECT {SubmissionColumns} FROM submissions ORDER BY created_at, id";

    private const string UpdateSubmissionSql = """
        UPDATE submissions SET state = @state, run_id = @run_id, exit_code = @exit_code, reason = @reason, updated_at = @at
        WHERE id = @id
        """;

    public async Task CreateSubmissionAsync(SubmissionRecord submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertSubmissionSql);
        command.Parameters.AddWithValue("@id", submission.Id);
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(submission.CreatedAt));
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(submission.UpdatedAt));
        command.Parameters.AddWithValue("@state", submission.State);
        command.Parameters.AddWithValue("@origin", submission.Origin);
        command.Parameters.AddWithValue("@scope", submission.Scope);
        command.Parameters.AddWithValue("@request", submission.Request);
        command.Parameters.AddWithValue("@task_ids", JsonSerializer.Serialize(submission.TaskIds));
        command.Parameters.AddWithValue("@run_id", SqlValues.Nullable(submission.RunId));
        command.Parameters.AddWithValue("@exit_code", SqlValues.Nullable(submission.ExitCode));
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(submission.Reason));
        await ExecuteInsertAsync(command, $"A submission with id '{submission.Id}' already exists.", "", cancellationToken);
    }

    public async Task<SubmissionRecord?> GetSubmissionAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectSubmissionSql);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSubmission(reader) : null;
    }

    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(IReadOnlyList<string>? states, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectSubmissionsSql);
        var submissions = new List<SubmissionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var submission = ReadSubmission(reader);
            if (states is null || states.Contains(submission.State))
            {
                submissions.Add(submission);
            }
        }

        return submissions;
    }

    public async Task<bool> UpdateSubmissionAsync(
        string id, IReadOnlyList<string>? from, string state, string? runId, int? exitCode, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(state);
        using var lease = await EnterAsync(cancellationToken);
        var names = (from ?? []).Select((_, index) => $"@from{index}").ToList();
        var command = Command(names.Count == 0 ? UpdateSubmissionSql : UpdateSubmissionSql + $" AND state IN ({string.Join(", ", names)})");
        for (var index = 0; index < names.Count; index++)
        {
            command.Parameters.AddWithValue(names[index], from![index]);
        }

        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@state", state);
        command.Parameters.AddWithValue("@run_id", SqlValues.Nullable(runId));
        command.Parameters.AddWithValue("@exit_code", SqlValues.Nullable(exitCode));
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(reason));
        command.Parameters.AddWithValue("@at", SqlValues.Time(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static SubmissionRecord ReadSubmission(SqliteDataReader reader) => new(
        reader.GetString(0),
        SqlValues.ReadTime(reader, 1),
        SqlValues.ReadTime(reader, 2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
        SqlValues.ReadNullableString(reader, 8),
        SqlValues.ReadNullableInt(reader, 9),
        SqlValues.ReadNullableString(reader, 10));
}
