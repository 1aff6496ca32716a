using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string GroupedUsageSql = $"""
        SELECT GROUP_KEY, {SumColumns} FROM usage_events
        WHERE at >= @from AND at < @to AND (@project_id IS NULL OR project_id = @project_id)
        GROUP BY 1 ORDER BY 1
        """;

    private const string RecentAgentsSql = """
        SELECT a.id, a.task_id, a.runner, a.model, a.tier, a.session_id, a.started_at, a.ended_at FROM agents a JOIN tasks t ON t.id = a.task_id
        WHERE (@project_id IS NULL OR t.project_id = @project_id)
        ORDER BY a.started_at DESC, a.id DESC LIMIT @limit
        """;

    private const string FindAgentSql = $"SELECT {AgentColumns} FROM agents WHERE id = @id";

    private const string CountUsageSql = "SELECT COUNT(*) FROM usage_events";

    private const string CountDecisionsSql = "SELECT decision, COUNT(*) FROM decisions GROUP BY decision";

    public async Task AppendUsageBatchAsync(IReadOnlyList<UsageEventRecord> usage, IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(decisions);
        using var lease = await EnterAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        foreach (var item in usage)
        {
            var command = Command(InsertUsageSql, transaction);
            AddUsageParameters(command, item);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var decision in decisions)
        {
            var command = Command(InsertDecisionSql, transaction);
            AddDecisionParameters(command, decision);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UsageGroupRecord>> SumUsageGroupedAsync(
        DateTimeOffset from, DateTimeOffset to, UsageGrouping grouping, string? projectId, CancellationToken cancellationToken)
    {
        var key = grouping switch
        {
            UsageGrouping.Day => "substr(at, 1, 10)",
            UsageGrouping.Model => "COALESCE(model, '')",
            _ => "COALESCE(task_id, '')",
        };
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(GroupedUsageSql.Replace("GROUP_KEY", key, StringComparison.Ordinal));
        command.Parameters.AddWithValue("@from", SqlValues.Time(from));
        command.Parameters.AddWithValue("@to", SqlValues.Time(to));
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(projectId));
        var groups = new List<UsageGroupRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new UsageGroupRecord(
                reader.GetString(0),
                new LedgerTotals(SqlValues.ReadTokens(reader, 1), BudgetColumns.Usd(reader.GetInt64(6)), reader.GetInt64(7))));
        }

        return groups;
    }

    public async Task<IReadOnlyList<AgentRecord>> ListRecentAgentsAsync(string? projectId, int limit, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(RecentAgentsSql);
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(projectId));
        command.Parameters.AddWithValue("@limit", limit);
        var agents = new List<AgentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(ReadAgent(reader));
        }

        return agents;
    }

    public async Task<AgentRecord?> FindAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(FindAgentSql);
        command.Parameters.AddWithValue("@id", agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadAgent(reader)
            : null;
    }

    public async Task<long> CountUsageEventsAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return Convert.ToInt64(await Command(CountUsageSql).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyDictionary<PolicyDecision, long>> CountDecisionsAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var counts = new Dictionary<PolicyDecision, long>();
        await using var reader = await Command(CountDecisionsSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[PolicyDecisions.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }
}
