using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string SelectLogFilesSql =
        "SELECT path, agent, offset_bytes, length_bytes, modified_ticks, head_length, head_hash, reader_state FROM log_files";

    private const string SelectLogFileSql = SelectLogFilesSql + " WHERE path = @path";

    private const string SelectLogIndexSql = "SELECT agent, root, entries FROM log_index";

    private const string UpsertLogIndexSql = """
        INSERT INTO log_index (agent, root, entries, written_at) VALUES (@agent, @root, @entries, @written_at)
        ON CONFLICT (agent, root) DO UPDATE SET entries = excluded.entries, written_at = excluded.written_at
        """;

    private const string DeleteLogIndexSql = "DELETE FROM log_index WHERE agent = @agent AND root = @root";

    private const string UpsertLogFileSql = """
        INSERT INTO log_files (path, agent, offset_bytes, length_bytes, modified_ticks, head_length, head_hash, reader_state, read_at)
        VALUES (@path, @agent, @offset, @length, @modified, @head_length, @head_hash, @state, @read_at)
        ON CONFLICT (path) DO UPDATE SET agent = excluded.agent, offset_bytes = excluded.offset_bytes, length_bytes = excluded.length_bytes,
            modified_ticks = excluded.modified_ticks, head_length = excluded.head_length, head_hash = excluded.head_hash,
            reader_state = excluded.reader_state, read_at = excluded.read_at
        """;

    private const string LogUsageTotalSql =
        "SELECT input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens FROM log_usage WHERE id = @id";

    private const string UpsertLogUsageSql = """
        INSERT INTO log_usage (id, agent, session_id, at, model, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens,
            reasoning_tokens, cost_usd_nanos)
        VALUES (@id, @agent, @session_id, @at, @model, @input, @output, @creation, @read, @reasoning, @cost)
        ON CONFLICT (id) DO UPDATE SET at = excluded.at, model = excluded.model, input_tokens = excluded.input_tokens,
            output_tokens = excluded.output_tokens, cache_creation_tokens = excluded.cache_creation_tokens,
            cache_read_tokens = excluded.cache_read_tokens, reasoning_tokens = excluded.reasoning_tokens, cost_usd_nanos = excluded.cost_usd_nanos
        WHERE excluded.input_tokens + excluded.output_tokens + excluded.cache_creation_tokens + excluded.cache_read_tokens
            > log_usage.input_tokens + log_usage.output_tokens + log_usage.cache_creation_tokens + log_usage.cache_read_tokens
        """;

    // The agent that reported a session id last wins; calls stay unattributed until some agent reports theirs.
    private const string AttributeLogUsageSql = """
        UPDATE log_usage SET
            agent_id = (SELECT a.id FROM agents a WHERE a.session_id = log_usage.session_id ORDER BY a.started_at DESC LIMIT 1),
            task_id = (SELECT a.task_id FROM agents a WHERE a.session_id = log_usage.session_id ORDER BY a.started_at DESC LIMIT 1),
            project_id = (SELECT t.project_id FROM agents a JOIN tasks t ON t.id = a.task_id
                          WHERE a.session_id = log_usage.session_id ORDER BY a.started_at DESC LIMIT 1)
        WHERE agent_id IS NULL AND session_id IN (SELECT session_id FROM agents WHERE session_id IS NOT NULL)
        """;

    private const string SumLogUsageByTaskSql = """
        SELECT task_id, MAX(agent_id), COUNT(*), SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens), SUM(cost_usd_nanos)
        FROM log_usage WHERE task_id IS NOT NULL GROUP BY task_id ORDER BY task_id
        """;

    public async Task<IReadOnlyList<LogFileRecord>> ListLogFilesAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        await using var reader = await Command(SelectLogFilesSql).ExecuteReaderAsync(cancellationToken);
        var files = new List<LogFileRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(ReadLogFile(reader));
        }

        return files;
    }

    public async Task<IReadOnlyList<LogFileRecord>> FindLogFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var lease = await EnterAsync(cancellationToken);
        var files = new List<LogFileRecord>();
        foreach (var path in paths)
        {
            var find = Command(SelectLogFileSql);
            find.Parameters.AddWithValue("@path", path);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                files.Add(ReadLogFile(reader));
            }
        }

        return files;
    }

    public async Task<IReadOnlyList<LogIndexRecord>> ListLogIndexAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        await using var reader = await Command(SelectLogIndexSql).ExecuteReaderAsync(cancellationToken);
        var index = new List<LogIndexRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            index.Add(new LogIndexRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }

        return index;
    }

    public async Task<LogIngestResult> IngestLogAsync(
        IReadOnlyList<LogFileRecord> files, IReadOnlyList<LogUsageRecord> usage, IReadOnlyList<LogIndexRecord> index, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(index);
        using var lease = await EnterAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        long added = 0, updated = 0, tokens = 0;
        foreach (var call in usage)
        {
            var total = call.InputTokens + call.OutputTokens + call.CacheCreationTokens + call.CacheReadTokens;
            var existing = Command(LogUsageTotalSql, transaction);
            existing.Parameters.AddWithValue("@id", call.Id);
            var before = await existing.ExecuteScalarAsync(cancellationToken) is long stored ? stored : (long?)null;
            if (before >= total)
            {
                continue;
            }

            var upsert = Command(UpsertLogUsageSql, transaction);
            upsert.Parameters.AddWithValue("@id", call.Id);
            upsert.Parameters.AddWithValue("@agent", call.Agent);
            upsert.Parameters.AddWithValue("@session_id", call.SessionId);
            upsert.Parameters.AddWithValue("@at", SqlValues.Time(call.At));
            upsert.Parameters.AddWithValue("@model", SqlValues.Nullable(call.Model));
            upsert.Parameters.AddWithValue("@input", call.InputTokens);
            upsert.Parameters.AddWithValue("@output", call.OutputTokens);
            upsert.Parameters.AddWithValue("@creation", call.CacheCreationTokens);
            upsert.Parameters.AddWithValue("@read", call.CacheReadTokens);
            upsert.Parameters.AddWithValue("@reasoning", call.ReasoningTokens);
            upsert.Parameters.AddWithValue("@cost", BudgetColumns.Nanos(call.CostUsd));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            (added, updated, tokens) = before is null ? (added + 1, updated, tokens + total) : (added, updated + 1, tokens + total - before.Value);
        }

        foreach (var file in files)
        {
            var save = Command(UpsertLogFileSql, transaction);
            save.Parameters.AddWithValue("@path", file.Path);
            save.Parameters.AddWithValue("@agent", file.Agent);
            save.Parameters.AddWithValue("@offset", file.Offset);
            save.Parameters.AddWithValue("@length", file.Length);
            save.Parameters.AddWithValue("@modified", file.ModifiedTicks);
            save.Parameters.AddWithValue("@head_length", file.HeadLength);
            save.Parameters.AddWithValue("@head_hash", file.HeadHash.ToString("x16", CultureInfo.InvariantCulture));
            save.Parameters.AddWithValue("@state", SqlValues.Nullable(file.ReaderState));
            save.Parameters.AddWithValue("@read_at", SqlValues.Time(readAt));
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var tree in index)
        {
            var save = Command(tree.Entries is null ? DeleteLogIndexSql : UpsertLogIndexSql, transaction);
            save.Parameters.AddWithValue("@agent", tree.Agent);
            save.Parameters.AddWithValue("@root", tree.Root);
            if (tree.Entries is { } entries)
            {
                save.Parameters.AddWithValue("@entries", entries);
                save.Parameters.AddWithValue("@written_at", SqlValues.Time(readAt));
            }

            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        var attributed = await Command(AttributeLogUsageSql, transaction).ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LogIngestResult(added, updated, tokens, attributed);
    }

    public async Task<IReadOnlyList<LogTaskUsage>> SumLogUsageByTaskAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        await using var reader = await Command(SumLogUsageByTaskSql).ExecuteReaderAsync(cancellationToken);
        var rows = new List<LogTaskUsage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LogTaskUsage(reader.GetString(0), SqlValues.ReadNullableString(reader, 1), reader.GetInt64(2), reader.GetInt64(3), BudgetColumns.Usd(reader.GetInt64(4))));
        }

        return rows;
    }

    private static LogFileRecord ReadLogFile(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt32(5),
            ulong.Parse(reader.GetString(6), NumberStyles.HexNumber, CultureInfo.InvariantCulture), SqlValues.ReadNullableString(reader, 7));
}
