using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string PackageColumns =
        "id, project_id, name, budget_tokens, budget_usd, budget_window, priority, deadline, created_at, updated_at";

    private const string InsertPackageSql = $"""
        INSERT INTO packages ({PackageColumns})
        VALUES (@id, @project_id, @name, @budget_tokens, @budget_usd, @budget_window, @priority, @deadline, @created_at, @updated_at)
        """;

    private const string SelectPackageByIdSql = $"SELECT {PackageColumns} FROM packages WHERE id = @key";

    private const string SelectPackageByNameSql = $"SELECT {PackageColumns} FROM packages WHERE project_id = @project_id AND name = @key";

    private const string FindPackagesSql = $"""
        SELECT {PackageColumns} FROM packages
        WHERE (id = @key OR name = @key) AND (@project_id IS NULL OR project_id = @project_id)
        ORDER BY project_id, name
        """;

    private const string SelectPackagesSql = $"""
        SELECT {PackageColumns} FROM packages
        WHERE @project_id IS NULL OR project_id = @project_id
        ORDER BY project_id, priority DESC, name
        """;

    public async Task CreatePackageAsync(PackageRecord package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        using var lease = await EnterAsync(cancellationToken);
        if (await ReadPackagesAsync(SelectPackageByIdSql, package.Id, null, cancellationToken) is [_, ..])
        {
            throw new StoreConflictException($"A package with id '{package.Id}' already exists.");
        }

        if (await ReadPackagesAsync(SelectPackageByNameSql, package.Name, package.ProjectId, cancellationToken) is [_, ..])
        {
            throw new StoreConflictException($"The project already has a package named '{package.Name}'.");
        }

        var command = Command(InsertPackageSql);
        command.Parameters.AddWithValue("@id", package.Id);
        command.Parameters.AddWithValue("@project_id", package.ProjectId);
        command.Parameters.AddWithValue("@name", package.Name);
        BudgetColumns.AddLimits(command, package.Budget);
        command.Parameters.AddWithValue("@priority", package.Priority);
        command.Parameters.AddWithValue("@deadline", SqlValues.Time(package.Deadline));
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(package.CreatedAt));
        command.Parameters.AddWithValue("@updated_at", SqlValues.Time(package.UpdatedAt));
        await ExecuteInsertAsync(
            command,
            $"A package with id '{package.Id}' or name '{package.Name}' already exists.",
            $"Project '{package.ProjectId}' does not exist.",
            cancellationToken);
    }

    public async Task<IReadOnlyList<PackageRecord>> FindPackagesAsync(string idOrName, string? projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        using var lease = await EnterAsync(cancellationToken);
        return await ReadPackagesAsync(FindPackagesSql, idOrName, projectId, cancellationToken);
    }

    public async Task<IReadOnlyList<PackageRecord>> ListPackagesAsync(string? projectId, CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return await ReadPackagesAsync(SelectPackagesSql, null, projectId, cancellationToken);
    }

    private async Task<IReadOnlyList<PackageRecord>> ReadPackagesAsync(string sql, string? key, string? projectId, CancellationToken cancellationToken)
    {
        var command = Command(sql);
        command.Parameters.AddWithValue("@key", SqlValues.Nullable(key));
        command.Parameters.AddWithValue("@project_id", SqlValues.Nullable(projectId));
        var packages = new List<PackageRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            packages.Add(ReadPackage(reader));
        }

        return packages;
    }

    private static PackageRecord ReadPackage(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        ProjectId: reader.GetString(1),
        Name: reader.GetString(2),
        Budget: BudgetColumns.ReadLimits(reader, 3),
        Priority: reader.GetInt32(6),
        Deadline: SqlValues.ReadNullableTime(reader, 7),
        CreatedAt: SqlValues.ReadTime(reader, 8),
        UpdatedAt: SqlValues.ReadTime(reader, 9));
}
