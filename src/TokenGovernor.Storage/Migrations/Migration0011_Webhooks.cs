namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Webhooks a project's events are posted to, signed with each hook's secret, and the deliveries that failed after
/// every retry, kept until someone has seen them (<c>token-gov errors --notify</c>).
/// </summary>
internal static class Migration0011_Webhooks
{
    public const string Sql = """
        CREATE TABLE webhooks (
            id TEXT NOT NULL PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects (id),
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            secret TEXT NOT NULL,
            status_interval_seconds INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE INDEX ix_webhooks_project ON webhooks (project_id);

        CREATE TABLE delivery_errors (
            seq INTEGER PRIMARY KEY,
            webhook_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            url TEXT NOT NULL,
            event TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT NOT NULL,
            at TEXT NOT NULL,
            notified_at TEXT NULL
        );
        """;
}
