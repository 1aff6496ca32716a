using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string AgentColumns = "id, task_id, runner, model, tier, session_id, started_at, ended_at";

    private const string InsertAgentSql = $"""
        INSERT INTO agents ({AgentColumns})
        VALUES (@id, @task_id, @runner, @model, @tier, @session_id, @started_at, @ended_at)
        """;

    private const string EndAgentSql =
        "UPDATE agents SET ended_at = @ended_at, session_id = COALESCE(@session_id, session_id) WHERE id = @id";

    private const string SelectAgentsSql = $"SELECT {AgentColumns} FROM agents WHERE task_id = @task_id ORDER BY started_at, id";

    public async Task StartAgentAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertAgentSql);
        command.Parameters.AddWithValue("@id", agent.Id);
        command.Parameters.AddWithValue("@task_id", agent.TaskId);
        command.Parameters.AddWithValue("@runner", agent.Runner);
        command.Parameters.AddWithValue("@model", SqlValues.Nullable(agent.Model));
        command.Parameters.AddWithValue("@tier", SqlValues.Nullable(agent.Tier));
        command.Parameters.AddWithValue("@session_id", SqlValues.Nullable(agent.SessionId));
        command.Parameters.AddWithValue("@started_at", SqlValues.Time(agent.StartedAt));
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(agent.EndedAt));
        await ExecuteInsertAsync(command, $"An agent with id '{agent.Id}' already exists.", $"Task '{agent.TaskId}' does not exist.", cancellationToken);
    }

    public async Task<bool> EndAgentAsync(string agentId, DateTimeOffset endedAt, string? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(EndAgentSql);
        command.Parameters.AddWithValue("@id", agentId);
        command.Parameters.AddWithValue("@ended_at", SqlValues.Time(endedAt));
        command.Parameters.AddWithValue("@session_id", SqlValues.Nullable(sessionId));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<AgentRecord>> ListAgentsAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectAgentsSql);
        command.Parameters.AddWithValue("@task_id", taskId);
        var agents = new List<AgentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(ReadAgent(reader));
        }

        return agents;
    }

    /// <summary>An agent row in <see cref="AgentColumns"/> order.</summary>
    private static AgentRecord ReadAgent(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        SqlValues.ReadNullableString(reader, 3),
        SqlValues.ReadNullableInt(reader, 4),
        SqlValues.ReadNullableString(reader, 5),
        SqlValues.ReadTime(reader, 6),
        SqlValues.ReadNullableTime(reader, 7));
}
