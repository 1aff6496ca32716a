namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Admission reservations: what a running attempt may still spend of its estimate, held against its task's,
/// package's and project's budgets so parallel tasks cannot all start on the same headroom. A row lives as long
/// as its attempt; <c>reserved_tokens</c> shrinks as the attempt's usage arrives.
/// </summary>
internal static class Migration0003_Reservations
{
    public const string Sql = """
        CREATE TABLE reservations (
            id TEXT NOT NULL PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            package_id TEXT NULL REFERENCES packages (id),
            project_id TEXT NOT NULL REFERENCES projects (id),
            estimate_tokens BIGINT NOT NULL,
            reserved_tokens BIGINT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE INDEX ix_reservations_project ON reservations (project_id);
        CREATE INDEX ix_reservations_package ON reservations (package_id);
        CREATE INDEX ix_reservations_task ON reservations (task_id);
        """;
}
