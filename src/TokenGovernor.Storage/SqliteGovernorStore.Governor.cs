using Microsoft.Data.Sqlite;
using System.Globalization;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string SelectConfigSql = "SELECT checkpoint_threshold, adaptive_threshold, grace_tokens, grace_seconds, starts_per_minute FROM governor_config WHERE id = 1";

    private const string UpsertConfigSql = """
        INSERT INTO governor_config (id, checkpoint_threshold, adaptive_threshold, grace_tokens, grace_seconds, starts_per_minute, updated_at)
        VALUES (1, @threshold, @adaptive, @grace_tokens, @grace_seconds, @starts_per_minute, @updated_at)
        ON CONFLICT (id) DO UPDATE SET
            checkpoint_threshold = excluded.checkpoint_threshold,
            adaptive_threshold = excluded.adaptive_threshold,
            grace_tokens = excluded.grace_tokens,
            grace_seconds = excluded.grace_seconds,
            starts_per_minute = excluded.starts_per_minute,
            updated_at = excluded.updated_at
        """;

    private const string InsertDecisionSql = """
        INSERT INTO decisions (at, task_id, agent_id, usage_event_id, decision, scope, scope_id, used_fraction, reason)
        VALUES (@at, @task_id, @agent_id, @usage_event_id, @decision, @scope, @scope_id, @used_fraction, @reason)
        """;

    private const string SelectDecisionsSql = """
        SELECT at, task_id, agent_id, usage_event_id, decision, scope, scope_id, used_fraction, reason
        FROM decisions WHERE task_id = @task_id ORDER BY seq
        """;

    public async Task<GovernorConfig> GetGovernorConfigAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        await using var reader = await Command(SelectConfigSql).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GovernorConfig(double.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1) != 0)
            {
                GraceTokens = reader.IsDBNull(2) ? GovernorConfig.DefaultGraceTokens : reader.GetInt64(2),
                GraceSeconds = reader.IsDBNull(3) ? GovernorConfig.DefaultGraceSeconds : reader.GetInt32(3),
                StartsPerMinute = reader.IsDBNull(4) ? GovernorConfig.DefaultStartsPerMinute : reader.GetInt32(4),
            }
            : GovernorConfig.Default;
    }

    public async Task SaveGovernorConfigAsync(GovernorConfig config, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        Policy.EnsureThreshold(config.Threshold);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(UpsertConfigSql);
        command.Parameters.AddWithValue("@threshold", config.Threshold.ToString("R", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@adaptive", config.AdaptiveThreshold ? 1 : 0);
        command.Parameters.AddWithValue("@grace_tokens", config.GraceTokens);
        command.Parameters.AddWithValue("@grace_seconds", config.GraceSeconds);
        command.Parameters.AddWithValue("@starts_per_minute", config.StartsPerMinute);
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(updatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertDecisionSql);
        AddDecisionParameters(command, decision);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddDecisionParameters(SqliteCommand command, DecisionRecord decision)
    {
        command.Parameters.AddWithValue("@at", SqlValues.Time(decision.At));
        command.Parameters.AddWithValue("@task_id", SqlValues.Nullable(decision.TaskId));
        command.Parameters.AddWithValue("@agent_id", SqlValues.Nullable(decision.AgentId));
        command.Parameters.AddWithValue("@usage_event_id", SqlValues.Nullable(decision.UsageEventId));
        command.Parameters.AddWithValue("@decision", decision.Decision.ToWire());
        command.Parameters.AddWithValue("@scope", SqlValues.Nullable(decision.Scope?.ToWire()));
        command.Parameters.AddWithValue("@scope_id", SqlValues.Nullable(decision.ScopeId));
        command.Parameters.AddWithValue("@used_fraction", decision.UsedFraction.ToString("R", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@reason", SqlValues.Nullable(decision.Reason));
    }

    public async Task<IReadOnlyList<DecisionRecord>> ListDecisionsAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectDecisionsSql);
        command.Parameters.AddWithValue("@task_id", taskId);
        var decisions = new List<DecisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(new DecisionRecord(
                SqlValues.ReadTime(reader, 0),
                SqlValues.ReadNullableString(reader, 1),
                SqlValues.ReadNullableString(reader, 2),
                SqlValues.ReadNullableString(reader, 3),
                PolicyDecisions.Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Enum.Parse<BudgetScope>(reader.GetString(5), ignoreCase: true),
                SqlValues.ReadNullableString(reader, 6),
                double.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                SqlValues.ReadNullableString(reader, 8)));
        }

        return decisions;
    }
}
