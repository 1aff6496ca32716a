using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

/// <summary>
/// Flushes a connection's database file to disk through SQLite's own handle of it (the file object SQLite hands out
/// for <c>SQLITE_FCNTL_FILE_POINTER</c>, synced by its I/O methods' <c>xSync</c>). Opening the file a second time to
/// sync it is not an option: closing any descriptor of a file drops every POSIX lock this process holds on it,
/// SQLite's included.
/// </summary>
internal static partial class DatabaseFileSync
{
    private const int FileControlFilePointer = 7; // SQLITE_FCNTL_FILE_POINTER
    private const int SyncNormal = 0x2; // SQLITE_SYNC_NORMAL

    /// <summary>
    /// Syncs the database file of <paramref name="connection"/>, which must be open and not in use on another thread.
    /// False when the file could not be synced this way (the next checkpoint that reaches the end of the log syncs it).
    /// </summary>
    public static unsafe bool TrySync(SqliteConnection connection)
    {
        try
        {
            var db = connection.Handle?.DangerousGetHandle() ?? 0;
            nint file = 0;
            fixed (byte* main = "main\0"u8)
            {
                if (db == 0 || sqlite3_file_control(db, main, FileControlFilePointer, &file) != 0 || file == 0)
                {
                    return false;
                }
            }

            // struct sqlite3_file { const sqlite3_io_methods *pMethods; }
            // struct sqlite3_io_methods { int iVersion; xClose; xRead; xWrite; xTruncate; xSync; … }: the int takes a
            // pointer's room, so xSync is the sixth pointer-sized field.
            var methods = *(nint*)file;
            if (methods == 0)
            {
                return false;
            }

            var sync = (delegate* unmanaged<nint, int, int>)*(nint*)(methods + (5 * nint.Size));
            return sync(file, SyncNormal) == 0;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("e_sqlite3")]
    private static unsafe partial int sqlite3_file_control(nint db, byte* schema, int operation, nint* argument);
}
