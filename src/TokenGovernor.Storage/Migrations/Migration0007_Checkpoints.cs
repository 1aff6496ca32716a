namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Checkpoints (reason, time, the agent's session id, the git ref of the work, the agent's last message), when a
/// paused task can resume, the grace and start-rate settings, and every observed overshoot between a checkpoint
/// request and the agent's stop, from which adaptive thresholds are learned.
/// </summary>
internal static class Migration0007_Checkpoints
{
    public const string Sql = """
        CREATE TABLE checkpoints (
            seq INTEGER PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            agent_id TEXT NULL REFERENCES agents (id),
            at TEXT NOT NULL,
            reason TEXT NOT NULL,
            session_id TEXT NULL,
            git_ref TEXT NULL,
            summary TEXT NULL
        );

        CREATE INDEX ix_checkpoints_task ON checkpoints (task_id, seq);

        ALTER TABLE tasks ADD COLUMN resumes_at TEXT NULL;

        ALTER TABLE governor_config ADD COLUMN grace_tokens BIGINT NULL;
        ALTER TABLE governor_config ADD COLUMN grace_seconds INTEGER NULL;
        ALTER TABLE governor_config ADD COLUMN starts_per_minute INTEGER NULL;

        CREATE TABLE threshold_observations (
            seq INTEGER PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            complexity TEXT NOT NULL,
            threshold TEXT NOT NULL,
            requested_fraction TEXT NOT NULL,
            stopped_fraction TEXT NOT NULL,
            at TEXT NOT NULL
        );

        CREATE INDEX ix_threshold_observations_class ON threshold_observations (complexity, seq);
        """;
}
