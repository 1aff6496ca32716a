using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage.Tests;

/// <summary>Background checkpoints: the log is copied into the database file while the store stays open, and nothing is lost.</summary>
public sealed class SqliteCheckpointingTests : IDisposable
{
    private const int Events = 3000;
    private readonly TempFolder _folder = new();
    private readonly FixedTimeProvider _time = new(Samples.Start);

    private string DatabasePath => _folder.File(".token-gov", "governor.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_background_checkpoints_a_few_megabytes_of_log_stay_out_of_the_database_file()
    {
        await using var store = await OpenWithLedgerAsync();

        await Task.Delay(300);

        Assert.True(new FileInfo(DatabasePath).Length < 1024 * 1024, "the log stays below the automatic checkpoint size, so the file is not written yet");
    }

    [Fact]
    public async Task Background_checkpoints_copy_the_log_into_the_database_file_while_the_store_is_open_and_lose_nothing()
    {
        await using var store = await OpenWithLedgerAsync();
        await using (var checkpoints = await store.CheckpointInBackgroundAsync(TimeSpan.FromMilliseconds(50), SqliteGovernorStore.DefaultRestartAfterBytes, CancellationToken.None))
        {
            await WaitForAsync(() => new FileInfo(DatabasePath).Length >= 1024 * 1024);
            await store.AppendUsageBatchAsync([GovernanceSamples.Usage("late", Samples.Start)], [], CancellationToken.None);
        }

        // The store goes on by itself after the background checkpoints stop.
        await store.AppendUsageBatchAsync([GovernanceSamples.Usage("after", Samples.Start)], [], CancellationToken.None);
        Assert.Equal(Events + 2, (await store.SumUsageAsync(BudgetScope.Project, GovernanceSamples.ProjectId, WindowSpan.Always, CancellationToken.None)).Events);
        Assert.Equal((long)Events + 2, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM usage_events"));
    }

    [Fact]
    public async Task Under_a_steady_stream_of_commits_the_log_is_started_again_and_stays_bounded()
    {
        const long restartAfter = 256 * 1024;
        await using var store = await OpenWithLedgerAsync();
        var log = DatabasePath + "-wal";
        var before = CheckpointSequence(log);
        var events = 0;
        await using (var checkpoints = await store.CheckpointInBackgroundAsync(TimeSpan.FromMilliseconds(10), restartAfter, CancellationToken.None))
        {
            // Small commits back to back, as a busy service writes them (tens of megabytes of log a second): a passive
            // checkpoint alone never finds the end of the log still, so without restarts the log would only grow.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (CheckpointSequence(log) - before < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the log was not started over three times in 20 s of commits; it is {new FileInfo(log).Length} bytes");
                var batch = Enumerable.Range(events, 20)
                    .Select(index => GovernanceSamples.Usage($"stream-{index}-{new string('y', 400)}", Samples.Start.AddSeconds(index), agentId: null))
                    .ToList();
                await store.AppendUsageBatchAsync(batch, [], CancellationToken.None);
                events += batch.Count;
            }
        }

        Assert.True(new FileInfo(log).Length < 16 * 1024 * 1024, $"the log is {new FileInfo(log).Length} bytes; restarts cut it back to {2 * restartAfter}");
        Assert.Equal((long)Events + events, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM usage_events"));
    }

    [Fact]
    public async Task Syncing_the_database_file_through_SQLite_s_own_handle_leaves_it_whole()
    {
        await using (var store = await OpenWithLedgerAsync())
        {
            await store.DisposeAsync();
        }

        var length = new FileInfo(DatabasePath).Length;
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();

            Assert.True(DatabaseFileSync.TrySync(connection));
        }

        Assert.Equal(length, new FileInfo(DatabasePath).Length);
        Assert.Equal((long)Events, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM usage_events"));
        Assert.Equal("ok", await RawSqlite.ScalarAsync(DatabasePath, "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task A_new_store_has_pages_of_1_KiB_and_an_existing_file_keeps_its_own_page_size()
    {
        await using (var store = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, CancellationToken.None))
        {
            await store.CreateProjectAsync(GovernanceSamples.Project(), CancellationToken.None);
        }

        var older = _folder.File("older", "governor.db");
        Directory.CreateDirectory(Path.GetDirectoryName(older)!);
        await RawSqlite.ScalarAsync(older, "PRAGMA page_size = 4096; CREATE TABLE kept (id INTEGER)");
        await using (var store = await SqliteGovernorStore.OpenAsync(older, _time, CancellationToken.None))
        {
            await store.CreateProjectAsync(GovernanceSamples.Project(), CancellationToken.None);
        }

        Assert.Equal(1024L, await RawSqlite.ScalarAsync(DatabasePath, "PRAGMA page_size"));
        Assert.Equal(4096L, await RawSqlite.ScalarAsync(older, "PRAGMA page_size"));
        Assert.Equal(1L, await RawSqlite.ScalarAsync(older, "SELECT COUNT(*) FROM projects"));
    }

    private async Task<SqliteGovernorStore> OpenWithLedgerAsync()
    {
        var store = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, CancellationToken.None);
        await store.CreateProjectAsync(GovernanceSamples.Project(), CancellationToken.None);
        await store.CreatePackageAsync(GovernanceSamples.Package(), CancellationToken.None);
        await store.CreateTaskAsync(GovernanceSamples.Task(), CancellationToken.None);
        var usage = Enumerable.Range(0, Events)
            .Select(index => GovernanceSamples.Usage($"event-{index}-{new string('x', 400)}", Samples.Start.AddSeconds(index), agentId: null))
            .ToList();
        await store.AppendUsageBatchAsync(usage, [], CancellationToken.None);
        return store;
    }

    /// <summary>The write-ahead log header's checkpoint sequence number (bytes 12–15, big-endian): one more each time the log starts over.</summary>
    private static uint CheckpointSequence(string log)
    {
        // SQLite locks the -shm file and the database, never the log itself, so reading it here disturbs nothing.
        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }
}
