using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    private const string ApiKeyColumns = "id, name, prefix, secret_hash, scope, created_at, revoked_at";

    private const string InsertApiKeySql = $"""
        INSERT INTO api_keys ({ApiKeyColumns}) VALUES (@id, @name, @prefix, @secret_hash, @scope, @created_at, NULL)
        """;

    private const string SelectApiKeyByHashSql = $"SELECT {ApiKeyColumns} FROM api_keys WHERE secret_hash = @secret_hash";

    private const string SelectApiKeysSql = $"SELECT {ApiKeyColumns} FROM api_keys ORDER BY created_at, id";

    private const string RevokeApiKeySql =
        "UPDATE api_keys SET revoked_at = @at WHERE (id = @key OR name = @key) AND revoked_at IS NULL";

    public async Task CreateApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(InsertApiKeySql);
        command.Parameters.AddWithValue("@id", key.Id);
        command.Parameters.AddWithValue("@name", key.Name);
        command.Parameters.AddWithValue("@prefix", key.Prefix);
        command.Parameters.AddWithValue("@secret_hash", key.SecretHash);
        command.Parameters.AddWithValue("@scope", key.Scope);
        command.Parameters.AddWithValue("@created_at", SqlValues.Time(key.CreatedAt));
        await ExecuteInsertAsync(command, $"An API key with id '{key.Id}' or the same secret already exists.", "", cancellationToken);
    }

    public async Task<ApiKeyRecord?> FindApiKeyAsync(string secretHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(SelectApiKeyByHashSql);
        command.Parameters.AddWithValue("@secret_hash", secretHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadApiKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        await using var reader = await Command(SelectApiKeysSql).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadApiKey(reader));
        }

        return keys;
    }

    public async Task<bool> RevokeApiKeyAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        using var lease = await EnterAsync(cancellationToken);
        var command = Command(RevokeApiKeySql);
        command.Parameters.AddWithValue("@key", idOrName);
        command.Parameters.AddWithValue("@at", SqlValues.Time(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static ApiKeyRecord ReadApiKey(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        SqlValues.ReadTime(reader, 5),
        SqlValues.ReadNullableTime(reader, 6));
}
