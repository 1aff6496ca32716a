using System.Globalization;
using Microsoft.Data.Sqlite;
using TokenGovernor.Core;
using TokenGovernor.Storage.Migrations;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string CreateMigrationsTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    private const string SchemaVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

    private const string MigrationAppliedSql = "SELECT COUNT(*) FROM schema_migrations WHERE version = @version";

    // One statement that tells a current schema apart: every step this build knows is recorded, and none newer.
    private static readonly string SchemaCurrentSql =
        "SELECT (SELECT COUNT(*) FROM schema_migrations WHERE version IN (" + string.Join(',', SchemaMigrations.All.Select(m => m.Version.ToString(CultureInfo.InvariantCulture))) +
        ")), (SELECT COALESCE(MAX(version), 0) FROM schema_migrations)";

    private const string RecordMigrationSql =
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)";

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        return await ReadSchemaVersionAsync(null, cancellationToken);
    }

    private async Task<int> ReadSchemaVersionAsync(SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var result = await Command(SchemaVersionSql, transaction).ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(result, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the migrations this database lacks, each in its own write transaction. A migration is applied when
    /// its own version is not recorded (not merely when it is above the highest one), so a step numbered below one
    /// already applied is still applied. Another process may be migrating the same file at once, so what is
    /// recorded is read again inside each transaction.
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (await SchemaIsCurrentAsync(cancellationToken))
        {
            return;
        }

        await using (var create = _connection.CreateCommand())
        {
            create.CommandText = CreateMigrationsTableSql;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        EnsureKnown(await ReadSchemaVersionAsync(null, cancellationToken));
        foreach (var migration in SchemaMigrations.All)
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            EnsureKnown(await ReadSchemaVersionAsync(transaction, cancellationToken));
            var applied = Command(MigrationAppliedSql, transaction);
            applied.Parameters.AddWithValue("@version", migration.Version);
            if (Convert.ToInt64(await applied.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                continue;
            }

            await using (var apply = _connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            var record = Command(RecordMigrationSql, transaction);
            record.Parameters.AddWithValue("@version", migration.Version);
            record.Parameters.AddWithValue("@name", migration.Name);
            record.Parameters.AddWithValue("@applied_at", SqlValues.Time(_time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether every migration this build knows is already recorded (and none newer): then opening needs no write
    /// transaction and no per-step check. A new file (no <c>schema_migrations</c> table yet) is not current.
    /// </summary>
    private async Task<bool> SchemaIsCurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await Command(SchemaCurrentSql).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == SchemaMigrations.All.Count && reader.GetInt32(1) <= SchemaMigrations.Latest;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteGenericError)
        {
            // No such table: a new store, migrated below.
            return false;
        }
    }

    private void EnsureKnown(int version)
    {
        if (version > SchemaMigrations.Latest)
        {
            throw new TokenGovException(
                $"The store '{_path}' was written by a newer token-gov (schema {version}; this build knows {SchemaMigrations.Latest}). " +
                "Upgrade token-gov.");
        }
    }
}
