namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Runners that are blocked until a rate limit resets, and the graylist of runners (optionally one model of a
/// runner) not to use: both kept in the store so that other tasks, later runs and other processes see them.
/// A runner-wide row has the empty string as its model.
/// </summary>
internal static class Migration0009_RunnerHealth
{
    public const string Sql = """
        CREATE TABLE runner_blocks (
            runner TEXT NOT NULL,
            model TEXT NOT NULL,
            blocked_until TEXT NOT NULL,
            reason TEXT NULL,
            blocked_at TEXT NOT NULL,
            PRIMARY KEY (runner, model)
        );
        CREATE TABLE graylist (
            runner TEXT NOT NULL,
            model TEXT NOT NULL,
            reason TEXT NULL,
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (runner, model)
        );
        """;
}
