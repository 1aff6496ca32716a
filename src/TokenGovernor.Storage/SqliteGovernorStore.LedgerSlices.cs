using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string ListUsageSliceSql = """
        SELECT id, at, project_id, package_id, task_id, agent_id, model, input_tokens, output_tokens, cache_creation_tokens,
            cache_read_tokens, reasoning_tokens, cost_usd_nanos, source
        FROM usage_events WHERE rowid > @after AND rowid <= @through AND (@excluding IS NULL OR source <> @excluding)
        ORDER BY rowid
        """;

    private const string HasUsageSql = "SELECT EXISTS (SELECT 1 FROM usage_events WHERE id = @id)";

    public async Task<IReadOnlyList<UsageEventRecord>> ListUsageAsync(long after, long through, UsageSource? excluding, CancellationToken cancellationToken)
    {
        if (through <= after)
        {
            return [];
        }

        using var lease = await EnterAsync(cancellationToken);
        var command = Command(ListUsageSliceSql);
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@through", through);
        command.Parameters.AddWithValue("@excluding", SqlValues.Nullable(excluding?.ToWire()));
        var events = new List<UsageEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadUsageEvent(reader));
        }

        return events;
    }

    public async Task<bool> HasUsageAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(HasUsageSql);
        command.Parameters.AddWithValue("@id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static UsageEventRecord ReadUsageEvent(SqliteDataReader reader) => new(
        reader.GetString(0),
        SqlValues.ReadTime(reader, 1),
        reader.GetString(2),
        SqlValues.ReadNullableString(reader, 3),
        SqlValues.ReadNullableString(reader, 4),
        SqlValues.ReadNullableString(reader, 5),
        SqlValues.ReadNullableString(reader, 6),
        SqlValues.ReadTokens(reader, 7),
        BudgetColumns.Usd(reader.GetInt64(12)),
        UsageSources.Parse(reader.GetString(13)));
}
