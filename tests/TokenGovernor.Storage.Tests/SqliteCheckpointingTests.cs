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
        await using (var checkpoints = await store.CheckpointInBackgroundAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None))
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

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the database file was not written within 10 s");
            await Task.Delay(20);
        }
    }
}
