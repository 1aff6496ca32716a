using SQLitePCL;
using TokenGovernor.Storage.Migrations;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    // Whether some agent reported a session whose calls are not attributed yet (by the session index: one look per agent).
    private const string UnattributedSessionSql = """
        SELECT EXISTS (SELECT 1 FROM agents a WHERE a.session_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM log_usage u WHERE u.session_id = a.session_id AND u.agent_id IS NULL))
        """;

    /// <summary>
    /// What <c>measure</c> needs before it knows whether any log changed — the log trees' listings, the log usage per
    /// task, and whether calls wait for attribution to a session an agent has reported since — read straight through SQLite's C interface, in one read transaction, without opening the store: no
    /// connection-string parsing, no migration pass, nothing written. Returns null whenever that is not enough or not
    /// possible (no file yet, a schema that is not current, a locked or unreadable file): the caller then opens the store
    /// with <see cref="OpenAsync"/>, which migrates and reports errors as usual.
    /// </summary>
    public static LogIngestionSnapshot? TryReadLogIngestionSnapshot(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            return null;
        }

        try
        {
            Batteries_V2.Init();
            if (raw.sqlite3_open_v2(fullPath, out var db, raw.SQLITE_OPEN_READWRITE, null) != raw.SQLITE_OK)
            {
                db.Dispose();
                return null;
            }

            using (db)
            {
                raw.sqlite3_busy_timeout(db, BusyTimeoutMilliseconds);
                if (raw.sqlite3_exec(db, "BEGIN") != raw.SQLITE_OK)
                {
                    return null;
                }

                // Rows of reference types only: their code is compiled ahead of time, a value tuple's would be compiled at start-up.
                var current = Rows(db, SchemaCurrentSql, statement => new[] { raw.sqlite3_column_int(statement, 0), raw.sqlite3_column_int(statement, 1) });
                if (current is not [[var recorded, var highest]] || recorded != SchemaMigrations.All.Count || highest > SchemaMigrations.Latest)
                {
                    return null;
                }

                var index = Rows(db, SelectLogIndexSql, statement => new LogIndexRecord(
                    raw.sqlite3_column_text(statement, 0).utf8_to_string(), raw.sqlite3_column_text(statement, 1).utf8_to_string(), raw.sqlite3_column_blob(statement, 2).ToArray()));
                var tasks = Rows(db, SumLogUsageByTaskSql, statement => new LogTaskUsage(
                    raw.sqlite3_column_text(statement, 0).utf8_to_string(),
                    raw.sqlite3_column_type(statement, 1) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(statement, 1).utf8_to_string(),
                    raw.sqlite3_column_int64(statement, 2), raw.sqlite3_column_int64(statement, 3), BudgetColumns.Usd(raw.sqlite3_column_int64(statement, 4))));
                var unattributed = Rows(db, UnattributedSessionSql, statement => new[] { raw.sqlite3_column_int(statement, 0) });
                raw.sqlite3_exec(db, "COMMIT");
                return index is null || tasks is null || unattributed is not [[var waiting]] ? null : new LogIngestionSnapshot(index, tasks, waiting != 0);
            }
        }
#pragma warning disable CA1031 // Any failure only means "open the store the usual way", which reports it properly.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Every row of <paramref name="sql"/>, or null if it could not be run.</summary>
    private static List<T>? Rows<T>(sqlite3 db, string sql, Func<sqlite3_stmt, T> read)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out var statement) != raw.SQLITE_OK)
        {
            statement.Dispose();
            return null;
        }

        using (statement)
        {
            var rows = new List<T>();
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows.Add(read(statement));
            }

            return step == raw.SQLITE_DONE ? rows : null;
        }
    }
}
