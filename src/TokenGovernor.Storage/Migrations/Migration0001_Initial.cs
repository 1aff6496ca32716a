namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Runs, their task results and attempts, and task states across runs. Times are ISO-8601 text in UTC,
/// money is decimal text (exact), states are their wire strings.
/// </summary>
internal static class Migration0001_Initial
{
    public const string Sql = """
        CREATE TABLE runs (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            started_at TEXT NOT NULL,
            ended_at TEXT NULL,
            state TEXT NOT NULL,
            run_directory TEXT NOT NULL,
            settings_json TEXT NOT NULL,
            exit_code INTEGER NULL
        );

        CREATE INDEX ix_runs_started_at ON runs (started_at, seq);

        CREATE TABLE task_results (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            repo TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NULL,
            runner TEXT NULL,
            started_at TEXT NULL,
            ended_at TEXT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_creation_tokens INTEGER NOT NULL,
            cache_read_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            cost_usd TEXT NOT NULL,
            final_message TEXT NULL,
            output_directory TEXT NULL,
            PRIMARY KEY (run_id, task_id)
        );

        CREATE INDEX ix_task_results_task_id ON task_results (task_id);

        CREATE TABLE attempts (
            run_id TEXT NOT NULL,
            task_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            runner TEXT NOT NULL,
            model TEXT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NULL,
            exit_code INTEGER NULL,
            outcome TEXT NOT NULL,
            reason TEXT NULL,
            output_directory TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            cache_creation_tokens INTEGER NOT NULL,
            cache_read_tokens INTEGER NOT NULL,
            reasoning_tokens INTEGER NOT NULL,
            cost_usd TEXT NOT NULL,
            session_id TEXT NULL,
            PRIMARY KEY (run_id, task_id, number),
            FOREIGN KEY (run_id, task_id) REFERENCES task_results (run_id, task_id) ON DELETE CASCADE
        );

        CREATE TABLE task_states (
            task_id TEXT NOT NULL PRIMARY KEY,
            repo TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NULL,
            last_run_id TEXT NULL REFERENCES runs (id) ON DELETE SET NULL,
            updated_at TEXT NOT NULL
        );

        CREATE INDEX ix_task_states_last_run_id ON task_states (last_run_id);
        """;
}
