namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// <c>token-gov measure</c>: how far each agent log file has been read (<c>log_files</c>: offset, and the length,
/// modification time and hash of the first bytes that tell an unchanged, grown, truncated or replaced file apart),
/// and the usage read from them (<c>log_usage</c>, one row per model call, keyed by the log's own ids so a call read
/// twice is stored once). Log rows have their own table because the usage ledger needs a project, and a log line
/// belongs to one only when a registered agent reported its session id.
/// </summary>
internal static class Migration0004_LogIngestion
{
    public const string Sql = """
        CREATE TABLE log_files (
            path TEXT NOT NULL PRIMARY KEY,
            agent TEXT NOT NULL,
            offset_bytes BIGINT NOT NULL,
            length_bytes BIGINT NOT NULL,
            modified_ticks BIGINT NOT NULL,
            head_length INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            reader_state TEXT NULL,
            read_at TEXT NOT NULL
        );

        CREATE TABLE log_usage (
            id TEXT NOT NULL PRIMARY KEY,
            agent TEXT NOT NULL,
            session_id TEXT NOT NULL,
            at TEXT NOT NULL,
            model TEXT NULL,
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cache_creation_tokens BIGINT NOT NULL,
            cache_read_tokens BIGINT NOT NULL,
            reasoning_tokens BIGINT NOT NULL,
            cost_usd_nanos BIGINT NOT NULL,
            agent_id TEXT NULL REFERENCES agents (id),
            task_id TEXT NULL REFERENCES tasks (id),
            project_id TEXT NULL REFERENCES projects (id)
        );

        CREATE INDEX ix_log_usage_session ON log_usage (session_id);
        CREATE INDEX ix_log_usage_task_at ON log_usage (task_id, at);
        """;
}
