namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// API keys of the service. Only a SHA-256 hash of each secret is kept; the prefix lets a user recognise a key in
/// listings without the secret. Scope is <c>admin</c> or <c>project:&lt;id&gt;</c>.
/// </summary>
internal static class Migration0010_ApiKeys
{
    public const string Sql = """
        CREATE TABLE api_keys (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            scope TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT NULL
        );
        """;
}
