namespace TokenGovernor.Storage.Migrations;

/// <summary>
/// <c>token-gov measure</c>: one saved listing per log tree (<c>log_index</c>: each folder's inode and time, each log
/// file's length, time and inode, packed in one blob), so that unchanged logs are recognised with one query and one
/// status call per folder and file, instead of reading every <c>log_files</c> row and listing every folder.
/// </summary>
internal static class Migration0013_LogIndex
{
    public const string Sql = """
        CREATE TABLE log_index (
            agent TEXT NOT NULL,
            root TEXT NOT NULL,
            entries BLOB NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (agent, root)
        );
        """;
}
