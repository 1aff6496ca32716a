using Microsoft.Data.Sqlite;

namespace TokenGovernor.Storage;

public sealed partial class SqliteGovernorStore
{
    /// <summary>
    /// Moves the copying of the write-ahead log into the database file off the committing path, for a long-running
    /// process that commits all the time (<c>serve</c>). By default the connection that commits past the log's size
    /// limit does the copy and its sync inline, so every write waiting behind it waits for the disk too. Here this
    /// store's connection stops doing that, and a second connection copies whatever it can every
    /// <paramref name="interval"/> without blocking anyone (a passive checkpoint). Other processes sharing the file
    /// keep their own automatic checkpoints. Dispose of the result to stop.
    /// </summary>
    public async Task<IAsyncDisposable> CheckpointInBackgroundAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var connection = new SqliteConnection(ConnectionString(_path));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", cancellationToken);
            using (await EnterAsync(cancellationToken))
            {
                await ExecuteAsync(_connection, "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;", cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new BackgroundCheckpoints(this, connection, interval);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class BackgroundCheckpoints : IAsyncDisposable
    {
        // The log restarts from its beginning once it passes about 64 MiB (a frame is one page).
        private const long RestartAfterBytes = 64L * 1024 * 1024;

        private readonly SqliteGovernorStore _store;
        private readonly SqliteConnection _connection;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _pageSize;

        public BackgroundCheckpoints(SqliteGovernorStore store, SqliteConnection connection, TimeSpan interval)
        {
            _store = store;
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
                _pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            return frames * _pageSize;
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
                        // A passive checkpoint copies what is in the log without holding anyone up, but under a steady
                        // stream of commits it never catches up with the end, and a log is only started again from its
                        // beginning after a checkpoint that did. Once the log is long, a restart copies the little that
                        // came in since, holding new commits back only for that long, so the log stays bounded.
                        if (await PassiveAsync(cancellationToken) > RestartAfterBytes)
                        {
                            await ExecuteAsync(_connection, "PRAGMA wal_checkpoint(RESTART);", cancellationToken);
                        }
                    }
                    catch (SqliteException)
                    {
                        // Busy or locked by another process's checkpoint: the next tick tries again, and the log
                        // only grows meanwhile; nothing is lost.
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
