namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Work submitted to <c>token-gov serve</c> (<c>POST /runs</c>), and work its scheduler resumed: what to run, which
/// tasks it holds, which run executes it now and how it ended — kept so a restarted <c>serve</c> continues what was
/// queued or unfinished.
/// </summary>
internal static class Migration0012_Submissions
{
    public const string Sql = """
        CREATE TABLE submissions (
            id TEXT NOT NULL PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL,
            origin TEXT NOT NULL,
            scope TEXT NOT NULL,
            request TEXT NOT NULL,
            task_ids TEXT NOT NULL,
            run_id TEXT NULL,
            exit_code INTEGER NULL,
            reason TEXT NULL
        );

        CREATE INDEX ix_submissions_state ON submissions (state);
        """;
}
