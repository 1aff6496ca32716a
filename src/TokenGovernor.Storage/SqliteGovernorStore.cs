using Microsoft.Data.Sqlite;
using TokenGovernor.Core;

namespace TokenGovernor.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode that several token-gov processes can share.
/// Each instance owns one connection; a semaphore serialises its use, and commands are prepared once and reused.
/// </summary>
public sealed partial class SqliteGovernorStore : IGovernorStore
{
    private const int BusyTimeoutMilliseconds = 5000;

    private const long AutoCheckpointBytes = 32L * 1024 * 1024;

    // SQLite result codes for "file is not a database" and "database disk image is malformed".
    private const int SqliteNotADatabase = 26;
    private const int SqliteCorrupt = 11;

    // SQLite's result code for a generic error, such as a statement naming a table that does not exist.
    private const int SqliteGenericError = 1;

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _disposed;
    private long _autoCheckpointPages = 8192;

    private SqliteGovernorStore(SqliteConnection connection, string path, TimeProvider time)
    {
        _connection = connection;
        _path = path;
        _time = time;
    }

    public string Description => $"sqlite:{_path}";

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating its folder and file when missing, and brings its
    /// schema up to date.
    /// </summary>
    /// <exception cref="TokenGovException">The file is not a token-gov database, or a newer token-gov wrote it.</exception>
    public static async Task<SqliteGovernorStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);

        var fullPath = Path.GetFullPath(path);
        var connection = new SqliteConnection(ConnectionString(fullPath));
        var store = new SqliteGovernorStore(connection, fullPath, time);
        try
        {
            if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await connection.OpenAsync(cancellationToken);
            await store.ConfigureConnectionAsync(cancellationToken);
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            await store.DisposeAsync();
            throw new TokenGovException(
                $"The store '{fullPath}' is not a token-gov database: the file is corrupt or not SQLite. " +
                "Move it aside or delete it, then run again to start a new store.",
                ex);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            await store.DisposeAsync();
            throw new TokenGovException($"Cannot open the store '{fullPath}': {ex.Message}", ex);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }

            _commands.Clear();
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string ConnectionString(string fullPath) => new SqliteConnectionStringBuilder
    {
        DataSource = fullPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        // The store holds its one connection for its lifetime; a pool would only keep the file open after disposal.
        Pooling = false,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    private async Task ConfigureConnectionAsync(CancellationToken cancellationToken)
    {
        // busy_timeout first: switching to WAL briefly needs a lock another process may hold.
        // Pages of 1 KiB for a new store (an existing one keeps its own): a commit writes whole pages to the log,
        // and the ledger's index entries of one commit land on many different pages, so smaller pages write a
        // quarter of the bytes per usage event.
        // A checkpoint is the only write that syncs the disk in WAL mode with synchronous=NORMAL; on a busy
        // file system each sync also waits for every other pending write, so checkpoint every 32 MB of log
        // rather than every few MB.
        await using var command = _connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
            PRAGMA page_size = 1024;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "PRAGMA page_size;";
        var pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        _autoCheckpointPages = AutoCheckpointBytes / Math.Max(512, pageSize);
        command.CommandText = $"PRAGMA wal_autocheckpoint = {_autoCheckpointPages};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Waits for exclusive use of the connection.</summary>
    private async Task<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(SqliteGovernorStore));
        }

        return new Lease(_gate);
    }

    /// <summary>A prepared command for <paramref name="sql"/>, reused across calls; call only while holding the gate.</summary>
    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    private readonly struct Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
