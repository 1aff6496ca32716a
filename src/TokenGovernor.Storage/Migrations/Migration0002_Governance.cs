namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// The registry (projects, packages, governed tasks, agents), the append-only usage ledger, the governor's
/// settings and its decisions. Token counts are BIGINT and cost is whole nano-dollars (BIGINT), so budget sums
/// are exact SQL aggregates in SQLite and PostgreSQL alike; budget limits are decimal text like other money.
/// </summary>
internal static class Migration0002_Governance
{
    public const string Sql = """
        CREATE TABLE projects (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            tier INTEGER NOT NULL CHECK (tier IN (1, 2)),
            budget_tokens BIGINT NULL,
            budget_usd TEXT NULL,
            budget_window TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            week_start TEXT NOT NULL,
            counted_kinds TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE packages (
            id TEXT NOT NULL PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects (id),
            name TEXT NOT NULL,
            budget_tokens BIGINT NULL,
            budget_usd TEXT NULL,
            budget_window TEXT NOT NULL,
            priority INTEGER NOT NULL,
            deadline TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (project_id, name)
        );

        CREATE TABLE tasks (
            id TEXT NOT NULL PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects (id),
            package_id TEXT NULL REFERENCES packages (id),
            parent_id TEXT NULL REFERENCES tasks (id),
            title TEXT NOT NULL,
            runner TEXT NULL,
            complexity TEXT NOT NULL,
            estimate_tokens BIGINT NOT NULL,
            estimate_source TEXT NOT NULL,
            estimate_low BIGINT NOT NULL,
            estimate_high BIGINT NOT NULL,
            budget_tokens BIGINT NULL,
            budget_usd TEXT NULL,
            budget_window TEXT NOT NULL,
            priority INTEGER NOT NULL,
            state TEXT NOT NULL,
            state_reason TEXT NULL,
            checkpoint_state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE INDEX ix_tasks_project_state ON tasks (project_id, state);
        CREATE INDEX ix_tasks_package ON tasks (package_id);
        CREATE INDEX ix_tasks_parent ON tasks (parent_id);
        CREATE INDEX ix_tasks_history ON tasks (project_id, complexity, state, runner);

        CREATE TABLE task_transitions (
            seq INTEGER PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            at TEXT NOT NULL,
            from_state TEXT NOT NULL,
            to_state TEXT NOT NULL,
            reason TEXT NULL
        );

        CREATE INDEX ix_task_transitions_task ON task_transitions (task_id, seq);

        CREATE TABLE agents (
            id TEXT NOT NULL PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            runner TEXT NOT NULL,
            model TEXT NULL,
            tier INTEGER NULL,
            session_id TEXT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NULL
        );

        CREATE INDEX ix_agents_task ON agents (task_id, started_at);

        CREATE TABLE usage_events (
            id TEXT NOT NULL PRIMARY KEY,
            at TEXT NOT NULL,
            project_id TEXT NOT NULL REFERENCES projects (id),
            package_id TEXT NULL REFERENCES packages (id),
            task_id TEXT NULL REFERENCES tasks (id),
            agent_id TEXT NULL REFERENCES agents (id),
            model TEXT NULL,
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cache_creation_tokens BIGINT NOT NULL,
            cache_read_tokens BIGINT NOT NULL,
            reasoning_tokens BIGINT NOT NULL,
            cost_usd_nanos BIGINT NOT NULL,
            source TEXT NOT NULL
        );

        CREATE INDEX ix_usage_events_project_at ON usage_events (project_id, at);
        CREATE INDEX ix_usage_events_package_at ON usage_events (package_id, at);
        CREATE INDEX ix_usage_events_task_at ON usage_events (task_id, at);
        CREATE INDEX ix_usage_events_agent ON usage_events (agent_id);

        CREATE TABLE governor_config (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            checkpoint_threshold TEXT NOT NULL,
            adaptive_threshold INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE decisions (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            task_id TEXT NULL REFERENCES tasks (id),
            agent_id TEXT NULL REFERENCES agents (id),
            usage_event_id TEXT NULL REFERENCES usage_events (id),
            decision TEXT NOT NULL,
            scope TEXT NULL,
            scope_id TEXT NULL,
            used_fraction TEXT NOT NULL,
            reason TEXT NULL
        );

        CREATE INDEX ix_decisions_task ON decisions (task_id, seq);
        """;
}
