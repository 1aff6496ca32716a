namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// Which process runs a run: a run whose process was killed outright stays "running" in the store, and its
/// owner is how a later command tells it was abandoned.
/// </summary>
internal static class Migration0005_RunOwners
{
    public const string Sql = """
        ALTER TABLE runs ADD COLUMN owner_pid INTEGER NULL;
        ALTER TABLE runs ADD COLUMN owner_start_ticks BIGINT NULL;
        ALTER TABLE runs ADD COLUMN owner_host TEXT NULL;
        """;
}
