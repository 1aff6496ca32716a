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
