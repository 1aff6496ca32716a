using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    // Times are fixed-width UTC text, so MAX and comparisons order them in time.
    private const string BlockRunnerSql = """
        INSERT INTO runner_blocks (runner, model, blocked_until, reason, blocked_at)
        VALUES (@runner, @model, @blocked_until, @reason, @blocked_at)
        ON CONFLICT (runner, model) DO UPDATE SET
            reason = CASE WHEN excluded.blocked_until > runner_blocks.blocked_until THEN excluded.reason ELSE runner_blocks.reason END,
            blocked_at = CASE WHEN excluded.blocked_until > runner_blocks.blocked_until THEN excluded.blocked_at ELSE runner_blocks.blocked_at END,
            blocked_until = MAX(runner_blocks.blocked_until, excluded.blocked_until)
        """;

    private const string SelectBlockSql = """
        SELECT runner, model, blocked_until, reason, blocked_at FROM runner_blocks
        WHERE runner = @runner AND (model = '' OR model = @model) AND blocked_until > @now
        ORDER BY blocked_until DESC LIMIT 1
        """;

    private const string ListBlocksSql =
        "SELECT runner, model, blocked_until, reason, blocked_at FROM runner_blocks WHERE blocked_until > @now ORDER BY runner, model";

    private const string AddGraylistSql = """
        INSERT INTO graylist (runner, model, reason, source, added_at) VALUES (@runner, @model, @reason, @source, @added_at)
        ON CONFLICT (runner, model) DO NOTHING
        """;

    private const string ListGraylistSql = "SELECT runner, model, reason, source, added_at FROM graylist ORDER BY runner, model";

    private const string IsGraylistedSql = "SELECT COUNT(*) FROM graylist WHERE runner = @runner AND (model = '' OR model = @model)";

    public async Task BlockRunnerAsync(RunnerBlockRecord block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(BlockRunnerSql);
        command.Parameters.AddWithValue("@runner", block.Runner);
        command.Parameters.AddWithValue("@model", block.Model ?? string.Empty);
        command.Parameters.AddWithValue("@blocked_until", SqlValues.Time(block.BlockedUntil));
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(block.Reason));
        command.Parameters.AddWithValue("@blocked_at", SqlValues.Time(block.BlockedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RunnerBlockRecord?> GetRunnerBlockAsync(string runner, string? model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectBlockSql);
        command.Parameters.AddWithValue("@runner", runner);
        command.Parameters.AddWithValue("@model", model ?? string.Empty);
        command.Parameters.AddWithValue("@now", SqlValues.Time(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadBlock(reader) : null;
    }

    public async Task<IReadOnlyList<RunnerBlockRecord>> ListRunnerBlocksAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(ListBlocksSql);
        command.Parameters.AddWithValue("@now", SqlValues.Time(now));
        var blocks = new List<RunnerBlockRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blocks.Add(ReadBlock(reader));
        }

        return blocks;
    }

    public async Task<int> ClearRunnerBlocksAsync(string? runner, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(runner is null ? "DELETE FROM runner_blocks" : "DELETE FROM runner_blocks WHERE runner = @runner");
        command.Parameters.AddWithValue("@runner", SqlValues.Nullable(runner));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> AddToGraylistAsync(GraylistRecord entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(AddGraylistSql);
        command.Parameters.AddWithValue("@runner", entry.Runner);
        command.Parameters.AddWithValue("@model", entry.Model ?? string.Empty);
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(entry.Reason));
        command.Parameters.AddWithValue("@source", entry.Source);
        command.Parameters.AddWithValue("@added_at", SqlValues.Time(entry.AddedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveFromGraylistAsync(string runner, string? model, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command("DELETE FROM graylist WHERE runner = @runner AND model = @model");
        command.Parameters.AddWithValue("@runner", runner);
        command.Parameters.AddWithValue("@model", model ?? string.Empty);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<GraylistRecord>> ListGraylistAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var entries = new List<GraylistRecord>();
        await using var reader = await Command(ListGraylistSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new GraylistRecord(reader.GetString(0), ModelOrNull(reader, 1), SqlValues.ReadNullableString(reader, 2), reader.GetString(3), SqlValues.ReadTime(reader, 4)));
        }

        return entries;
    }

    public async Task<int> ClearGraylistAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return await Command("DELETE FROM graylist").ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsGraylistedAsync(string runner, string? model, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(IsGraylistedSql);
        command.Parameters.AddWithValue("@runner", runner);
        command.Parameters.AddWithValue("@model", model ?? string.Empty);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static RunnerBlockRecord ReadBlock(SqliteDataReader reader) =>
        new(reader.GetString(0), ModelOrNull(reader, 1), SqlValues.ReadTime(reader, 2), SqlValues.ReadNullableString(reader, 3), SqlValues.ReadTime(reader, 4));

    private static string? ModelOrNull(SqliteDataReader reader, int ordinal) =>
        reader.GetString(ordinal) is { Length: > 0 } model ? model : null;
}
