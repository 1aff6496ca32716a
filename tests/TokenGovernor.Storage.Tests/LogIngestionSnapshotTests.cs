namespace TokenGovernor.Storage.Tests;

/// <summary>The log trees' saved listings, and the light read <c>measure</c> makes of them before opening the store.</summary>
public sealed class LogIngestionSnapshotTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2025, 9, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    private string DatabasePath => _folder.File("governor.db");

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void There_is_no_snapshot_of_a_store_that_does_not_exist_yet_and_none_is_created()
    {
        Assert.Null(SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath));
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task A_store_missing_a_migration_has_no_snapshot_and_gets_the_migration_when_opened()
    {
        await (await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct)).DisposeAsync();
        await RawSqlite.ScalarAsync(DatabasePath, "DROP TABLE log_index; DELETE FROM schema_migrations WHERE version = 13");

        Assert.Null(SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath));

        await (await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct)).DisposeAsync();
        Assert.Equal(0L, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM log_index"));
        Assert.NotNull(SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath));
    }

    [Fact]
    public async Task A_saved_listing_is_read_back_byte_for_byte_replaced_and_removed()
    {
        await using (var store = await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct))
        {
            await store.IngestLogAsync([], [], [new("claude", "/logs/a/projects", [1, 2, 3]), new("codex", "/logs/b/sessions", [4])], At, Ct);
            await store.IngestLogAsync([], [], [new("claude", "/logs/a/projects", [5, 6]), new("codex", "/logs/b/sessions", null)], At, Ct);

            var listed = Assert.Single(await store.ListLogIndexAsync(Ct));
            Assert.Equal(("claude", "/logs/a/projects"), (listed.Agent, listed.Root));
            Assert.Equal([5, 6], listed.Entries);
        }

        var snapshot = SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath);

        var saved = Assert.Single(Assert.IsType<LogIngestionSnapshot>(snapshot).Index);
        Assert.Equal([5, 6], saved.Entries);
    }

    [Fact]
    public async Task The_snapshot_has_the_same_usage_per_task_as_the_store()
    {
        await using (var store = await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct))
        {
            await store.CreateProjectAsync(GovernanceSamples.Project(), Ct);
            await store.CreateTaskAsync(GovernanceSamples.Task(packageId: null), Ct);
            await store.StartAgentAsync(new AgentRecord("a-1", GovernanceSamples.Task(packageId: null).Id, "claude", null, null, "session-1", At, null), Ct);
            await store.IngestLogAsync(
                [new LogFileRecord("/logs/a.jsonl", "claude", 10, 10, At.UtcTicks, 10, 0xabcdef, null)],
                [new LogUsageRecord("claude:m1", "claude", "session-1", At, "claude-sonnet-4-5", 100, 20, 0, 0, 0, 0.25m),
                 new LogUsageRecord("claude:m2", "claude", "session-2", At, "claude-sonnet-4-5", 5, 5, 0, 0, 0, 0.01m)],
                [], At, Ct);

            var snapshot = Assert.IsType<LogIngestionSnapshot>(SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath));

            var task = Assert.Single(snapshot.Tasks);
            Assert.False(snapshot.AttributionPending);
            Assert.Equal(new LogTaskUsage(GovernanceSamples.Task(packageId: null).Id, "a-1", 1, 120, 0.25m), task);
            Assert.Equal(await store.SumLogUsageByTaskAsync(Ct), snapshot.Tasks);
        }
    }

    [Fact]
    public async Task Calls_of_a_session_an_agent_reported_after_they_were_stored_are_pending_attribution()
    {
        await using var store = await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct);
        await store.CreateProjectAsync(GovernanceSamples.Project(), Ct);
        await store.CreateTaskAsync(GovernanceSamples.Task(packageId: null), Ct);
        await store.IngestLogAsync([], [new LogUsageRecord("claude:m1", "claude", "session-1", At, null, 100, 20, 0, 0, 0, 0.25m)], [], At, Ct);
        var before = SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath);
        await store.StartAgentAsync(new AgentRecord("a-1", GovernanceSamples.Task().Id, "claude", null, null, "session-1", At, null), Ct);

        var reported = SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath);
        await store.IngestLogAsync([], [], [], At, Ct);
        var attributed = SqliteGovernorStore.TryReadLogIngestionSnapshot(DatabasePath);

        Assert.False(before!.AttributionPending);
        Assert.True(reported!.AttributionPending);
        Assert.False(attributed!.AttributionPending);
        Assert.Single(attributed.Tasks);
    }

    [Fact]
    public async Task Positions_are_found_by_path_and_paths_never_read_are_left_out()
    {
        await using var store = await SqliteGovernorStore.OpenAsync(DatabasePath, TimeProvider.System, Ct);
        var file = new LogFileRecord("/logs/a.jsonl", "codex", 10, 12, At.UtcTicks, 10, ulong.MaxValue, "1||gpt-5");
        await store.IngestLogAsync([file, file with { Path = "/logs/b.jsonl" }], [], [], At, Ct);

        var found = await store.FindLogFilesAsync(["/logs/a.jsonl", "/logs/never.jsonl"], Ct);

        Assert.Equal([file], found);
    }
}
