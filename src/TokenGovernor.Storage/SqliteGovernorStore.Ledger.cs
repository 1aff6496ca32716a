using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string InsertUsageSql = """
        INSERT INTO usage_events (id, at, project_id, package_id, task_id, agent_id, model, input_tokens, output_tokens,
            cache_creation_tokens, cache_read_tokens, reasoning_tokens, cost_usd_nanos, source)
        VALUES (@id, @at, @project_id, @package_id, @task_id, @agent_id, @model, @input_tokens, @output_tokens,
            @cache_creation_tokens, @cache_read_tokens, @reasoning_tokens, @cost_usd_nanos, @source)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string SumColumns = """
        COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_creation_tokens), 0),
        COALESCE(SUM(cache_read_tokens), 0), COALESCE(SUM(reasoning_tokens), 0), COALESCE(SUM(cost_usd_nanos), 0), COUNT(*)
        """;

    // One statement per scope, so each uses its (scope, at) index.
    private const string SumProjectSql = $"SELECT {SumColumns} FROM usage_events WHERE project_id = @id AND at >= @from AND at < @to";

    private const string SumPackageSql = $"SELECT {SumColumns} FROM usage_events WHERE package_id = @id AND at >= @from AND at < @to";

    private const string SumTaskSql = $"SELECT {SumColumns} FROM usage_events WHERE task_id = @id AND at >= @from AND at < @to";

    private const string LedgerHeadSql = "SELECT COALESCE(MAX(rowid), 0) FROM usage_events";

    // A slice of the ledger by sequence number (rowid). Few events lie after a recent head, so those are found by
    // rowid range ("+column" keeps SQLite off the scope index); a window's edge is found through the (scope, at) index.
    private const string RowBounds = " AND rowid > @after AND rowid <= @through";

    private static string SliceSql(BudgetScope scope, bool byRows)
    {
        var column = scope switch
        {
            BudgetScope.Project => "project_id",
            BudgetScope.Package => "package_id",
            _ => "task_id",
        };
        return byRows
            ? $"SELECT {SumColumns} FROM usage_events WHERE rowid > @after AND rowid <= @through AND +{column} = @id AND +at >= @from AND +at < @to"
            : $"SELECT {SumColumns} FROM usage_events WHERE {column} = @id AND at >= @from AND at < @to{RowBounds}";
    }

    private const string CompletedTaskUsageSql = """
        SELECT SUM(u.input_tokens), SUM(u.output_tokens), SUM(u.cache_creation_tokens), SUM(u.cache_read_tokens), SUM(u.reasoning_tokens)
        FROM tasks t JOIN usage_events u ON u.task_id = t.id
        WHERE t.project_id = @project_id AND t.complexity = @complexity AND t.state = 'completed'
          AND (@runner IS NULL OR t.runner = @runner)
        GROUP BY t.id
        ORDER BY t.id
        """;

    public async Task<bool> AppendUsageAsync(UsageEventRecord usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertUsageSql);
        AddUsageParameters(command, usage);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteForeignKeyConstraint)
        {
            throw new InvalidOperationException($"Usage event '{usage.Id}' names a project, package, task or agent that does not exist.", ex);
        }
    }

    private static void AddUsageParameters(Microsoft.Data.Sqlite.SqliteCommand command, UsageEventRecord usage)
    {
        command.Parameters.AddWithValue("@id", usage.Id);
        command.Parameters.AddWithValue("@at", SqlValues.Time(usage.At));
        command.Parameters.AddWithValue("@project_id", usage.ProjectId);
        command.Parameters.AddWithValue("@package_id", SqlValues.Nullable(usage.PackageId));
        command.Parameters.AddWithValue("@task_id", SqlValues.Nullable(usage.TaskId));
        command.Parameters.AddWithValue("@agent_id", SqlValues.Nullable(usage.AgentId));
        command.Parameters.AddWithValue("@model", SqlValues.Nullable(usage.Model));
        SqlValues.AddTokens(command, usage.Tokens);
        command.Parameters.AddWithValue("@cost_usd_nanos", BudgetColumns.Nanos(usage.CostUsd));
        command.Parameters.AddWithValue("@source", usage.Source.ToWire());
    }

    public async Task<LedgerTotals> SumUsageAsync(BudgetScope scope, string id, WindowSpan span, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(span);
        using var lease = await EnterAsync(cancellationToken);
        return await ReadUsageSumAsync(scope, id, span, null, cancellationToken);
    }

    public async Task<long> GetLedgerHeadAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return Convert.ToInt64(await Command(LedgerHeadSql).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<LedgerTotals> SumUsageAsync(BudgetScope scope, string id, WindowSpan span, long after, long through, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(span);
        if (through <= after)
        {
            return LedgerTotals.Zero;
        }

        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SliceSql(scope, byRows: after > 0));
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@from", SqlValues.Time(span.Start ?? DateTimeOffset.MinValue));
        command.Parameters.AddWithValue("@to", SqlValues.Time(span.End ?? DateTimeOffset.MaxValue));
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@through", through);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerTotals(SqlValues.ReadTokens(reader, 0), BudgetColumns.Usd(reader.GetInt64(5)), reader.GetInt64(6));
    }

    /// <summary>Sums one scope's events in <paramref name="span"/>; call only while holding the gate.</summary>
    private async Task<LedgerTotals> ReadUsageSumAsync(
        BudgetScope scope, string id, WindowSpan span, Microsoft.Data.Sqlite.SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var command = Command(
            scope switch
            {
                BudgetScope.Project => SumProjectSql,
                BudgetScope.Package => SumPackageSql,
                _ => SumTaskSql,
            },
            transaction);
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@from", SqlValues.Time(span.Start ?? DateTimeOffset.MinValue));
        command.Parameters.AddWithValue("@to", SqlValues.Time(span.End ?? DateTimeOffset.MaxValue));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerTotals(SqlValues.ReadTokens(reader, 0), BudgetColumns.Usd(reader.GetInt64(5)), reader.GetInt64(6));
    }

    public async Task<IReadOnlyList<TokenUsage>> GetCompletedTaskUsageAsync(
        string projectId, ComplexityClass complexity, string? runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(CompletedTaskUsageSql);
        command.Parameters.AddWithValue("@project_id", projectId);
        command.Parameters.AddWithValue("@complexity", complexity.ToWire());
        command.Parameters.AddWithValue("@runner", SqlValues.Nullable(runner));
        var usages = new List<TokenUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            usages.Add(SqlValues.ReadTokens(reader, 0));
        }

        return usages;
    }
}
