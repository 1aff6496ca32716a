using Microsoft.Data.Sqlite;
using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    // SQLITE_CONSTRAINT_FOREIGNKEY: a row refers to one that does not exist.
    private const int SqliteForeignKeyConstraint = 787;

    private const string ProjectColumns =
        "id, name, owner, tier, budget_tokens, budget_usd, budget_window, time_zone, week_start, counted_kinds, created_at, updated_at";

    private const string InsertProjectSql = $"""
        INSERT INTO projects ({ProjectColumns})
        VALUES (@id, @name, @owner, @tier, @budget_tokens, @budget_usd, @budget_window, @time_zone, @week_start, @counted_kinds, @created_at, @updated_at)
        """;

    private const string SelectProjectByIdSql = $"SELECT {ProjectColumns} FROM projects WHERE id = @key";

    private const string SelectProjectByNameSql = $"SELECT {ProjectColumns} FROM projects WHERE name = @key";

    private const string SelectProjectsSql = $"SELECT {ProjectColumns} FROM projects ORDER BY name";

    private const string UpdateProjectBudgetSql = """
        UPDATE projects SET budget_tokens = @budget_tokens, budget_usd = @budget_usd, budget_window = @budget_window,
            time_zone = @time_zone, week_start = @week_start, counted_kinds = @counted_kinds, updated_at = @updated_at
        WHERE id = @id
        """;

    public async Task CreateProjectAsync(ProjectRecord project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        using var lease = await EnterAsync(cancellationToken);
        if (await ReadProjectAsync(SelectProjectByIdSql, project.Id, cancellationToken) is not null)
        {
            throw new StoreConflictException($"A project with id '{project.Id}' already exists.");
        }

        if (await ReadProjectAsync(SelectProjectByNameSql, project.Name, cancellationToken) is not null)
        {
            throw new StoreConflictException($"A project named '{project.Name}' already exists.");
        }

        var command = Command(InsertProjectSql);
        command.Parameters.AddWithValue("@id", project.Id);
        command.Parameters.AddWithValue("@name", project.Name);
        command.Parameters.AddWithValue("@owner", project.Owner);
        command.Parameters.AddWithValue("@tier", project.Tier);
        BudgetColumns.AddProjectBudget(command, project.Budget);
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(project.CreatedAt));
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(project.UpdatedAt));
        await ExecuteInsertAsync(command, $"A project with id '{project.Id}' or name '{project.Name}' already exists.", "", cancellationToken);
    }

    public async Task<ProjectRecord?> FindProjectAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        using var lease = await EnterAsync(cancellationToken);
        return await ReadProjectAsync(SelectProjectByIdSql, idOrName, cancellationToken)
            ?? await ReadProjectAsync(SelectProjectByNameSql, idOrName, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var projects = new List<ProjectRecord>();
        await using var reader = await Command(SelectProjectsSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(ReadProject(reader));
        }

        return projects;
    }

    public async Task<bool> UpdateProjectBudgetAsync(string projectId, Budget budget, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(budget);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(UpdateProjectBudgetSql);
        command.Parameters.AddWithValue("@id", projectId);
        BudgetColumns.AddProjectBudget(command, budget);
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(updatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<ProjectRecord?> ReadProjectAsync(string sql, string key, CancellationToken cancellationToken)
    {
        var command = Command(sql);
        command.Parameters.AddWithValue("@key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadProject(reader) : null;
    }

    private static ProjectRecord ReadProject(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        Owner: reader.GetString(2),
        Tier: reader.GetInt32(3),
        Budget: BudgetColumns.ReadProjectBudget(reader, 4),
        CreatedAt: SqlValues.ReadTime(reader, 10),
        UpdatedAt: SqlValues.ReadTime(reader, 11));

    /// <summary>
    /// Runs an insert, turning a unique or primary key violation into a conflict that says <paramref name="conflict"/>
    /// and a foreign key violation into an error that says <paramref name="missing"/>.
    /// </summary>
    private static async Task ExecuteInsertAsync(SqliteCommand command, string conflict, string missing, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint && ex.SqliteExtendedErrorCode == SqliteForeignKeyConstraint)
        {
            throw new InvalidOperationException(missing, ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new StoreConflictException(conflict, ex);
        }
    }
}
