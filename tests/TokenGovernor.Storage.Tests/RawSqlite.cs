using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage.Tests;

/// <summary>Reaches into a store's file behind its back, as another program (or an older or newer token-gov) would.</summary>
public static class RawSqlite
{
    public static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
