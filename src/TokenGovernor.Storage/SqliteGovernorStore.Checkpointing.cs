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
                await ExecuteAsync(_connection, "PRAGMA wal_autocheckpoint = 0;", cancellationToken);
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
        private readonly SqliteGovernorStore _store;
        private readonly SqliteConnection _connection;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

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
                    await ExecuteAsync(_store._connection, "PRAGMA wal_autocheckpoint = 8192;", CancellationToken.None);
                }
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
                        await ExecuteAsync(_connection, "PRAGMA wal_checkpoint(PASSIVE);", cancellationToken);
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
