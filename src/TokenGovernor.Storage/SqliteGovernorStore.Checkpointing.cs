using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    /// <summary>The size of write-ahead log past which background checkpoints start it again from its beginning.</summary>
    public const long DefaultRestartAfterBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Moves the copying of the write-ahead log into the database file off the committing path, for a long-running
    /// process that commits all the time (<c>serve</c>). By default the connection that commits past the log's size
    /// limit does the copy and its sync inline, so every write waiting behind it waits for the disk too. Here this
    /// store's connection stops doing that, and a second connection copies whatever it can every
    /// <paramref name="interval"/> without blocking anyone (a passive checkpoint); once the log holds more than
    /// <paramref name="restartAfterBytes"/>, it is started again from its beginning, holding this store's own work back
    /// only for the last few milliseconds of it. Other processes sharing the file keep their own automatic
    /// checkpoints. Dispose of the result to stop.
    /// </summary>
    public async Task<IAsyncDisposable> CheckpointInBackgroundAsync(TimeSpan interval, long restartAfterBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(restartAfterBytes, 64 * 1024);
        var connection = new SqliteConnection(ConnectionString(_path));
        try
        {
            await connection.OpenAsync(cancellationToken);
            // No waiting on locks: a restart holds this store's connection, and must not sit in SQLite's busy handler
            // while it does. When another process reads or writes at that moment, the next tick tries again.
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 0;", cancellationToken);
            using (await EnterAsync(cancellationToken))
            {
                // The log file is cut back only beyond twice the restart size: cutting it on every restart would cost
                // the commit that starts it again a truncation of the file on the disk.
                await ExecuteAsync(
                    _connection,
                    string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {2 * restartAfterBytes};"),
                    cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new BackgroundCheckpoints(this, connection, interval, restartAfterBytes);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class BackgroundCheckpoints : IAsyncDisposable
    {
        private readonly SqliteGovernorStore _store;
        private readonly long _restartAfterBytes;
        private readonly SqliteConnection _connection;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _pageSize;

        public BackgroundCheckpoints(SqliteGovernorStore store, SqliteConnection connection, TimeSpan interval, long restartAfterBytes)
        {
            _store = store;
            _restartAfterBytes = restartAfterBytes;
            _connection = connection;
            _loop = Task.Run(() => LoopAsync(interval, _stop.Token));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            await _connection.DisposeAsync();
            if (!_store._disposed)
            {
                // Hand checkpointing back to the store's own connection.
                using (await _store.EnterAsync(CancellationToken.None))
                {
                    await ExecuteAsync(_store._connection, $"PRAGMA wal_autocheckpoint = {_store._autoCheckpointPages};", CancellationToken.None);
                }
            }
        }

        /// <summary>Runs a passive checkpoint; returns how many bytes of pages the log holds.</summary>
        private async Task<long> PassiveAsync(CancellationToken cancellationToken)
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            long frames;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                frames = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(1) : 0;
            }

            if (_pageSize == 0)
            {
                // A file's page size is fixed once it holds tables.
                command.CommandText = "PRAGMA page_size;";
                _pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            return frames * _pageSize;
        }

        /// <summary>
        /// Starts the log again from its beginning. A passive checkpoint never catches up with the end of a log that
        /// keeps growing, and only a checkpoint that did lets the next commit start the log over; such a checkpoint has
        /// to hold commits back while it copies what is left and syncs the database file. So first, without holding
        /// anyone up, copy what came in meanwhile and sync the database file (twice: each round leaves less for the
        /// next); then, holding this store's connection so none of its statements waits on SQLite's busy handler
        /// (which sleeps in steps of up to tens of milliseconds), copy the last few milliseconds of log and sync them.
        /// </summary>
        private async Task RestartAsync(CancellationToken cancellationToken)
        {
            for (var round = 0; round < 2; round++)
            {
                await PassiveAsync(cancellationToken);
                DatabaseFileSync.TrySync(_connection);
            }

            using (await _store.EnterAsync(cancellationToken))
            {
                await ExecuteAsync(_connection, "PRAGMA wal_checkpoint(RESTART);", cancellationToken);
            }
        }

        private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    try
                    {
                        if (await PassiveAsync(cancellationToken) > _restartAfterBytes)
                        {
                            await RestartAsync(cancellationToken);
                        }
                    }
                    catch (Exception error) when (error is SqliteException or ObjectDisposedException)
                    {
                        // Busy or locked by another process, or the store closed first: the next tick tries again,
                        // and the log only grows meanwhile; nothing is lost.
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped.
            }
        }
    }
}
