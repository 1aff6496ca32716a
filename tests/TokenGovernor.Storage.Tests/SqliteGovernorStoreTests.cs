using TokenGovernor.Core.Governance;
using TokenGovernor.Core;

namespace TokenGovernor.Storage.Tests;

public sealed class SqliteGovernorStoreTests : GovernorStoreCompliance, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FixedTimeProvider _time = new(Samples.Start);

    private string DatabasePath => _folder.File(".token-gov", "governor.db");

    protected override async Task<IGovernorStore> OpenFreshStoreAsync() =>
        await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct);

    // Runs after the store is closed by DisposeAsync.
    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Opening_creates_the_folder_and_the_file_and_names_it()
    {
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal($"sqlite:{DatabasePath}", Store.Description);
    }

    [Fact]
    public async Task The_file_is_in_write_ahead_log_mode()
    {
        Assert.Equal("wal", await RawSqlite.ScalarAsync(DatabasePath, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_new_store_is_at_the_latest_schema_version_and_reopening_applies_nothing_again()
    {
        Assert.Equal(14, await Store.GetSchemaVersionAsync(Ct));

        await using (var reopened = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct))
        {
            Assert.Equal(14, await reopened.GetSchemaVersionAsync(Ct));
        }

        Assert.Equal(13L, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal("initial", await RawSqlite.ScalarAsync(DatabasePath, "SELECT name FROM schema_migrations WHERE version = 1"));
        Assert.Equal(
            "2025-03-14T09:26:53.5890000+00:00",
            await RawSqlite.ScalarAsync(DatabasePath, "SELECT applied_at FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task Reopening_keeps_what_was_written()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        await Store.RecordTaskAsync(Samples.Result(), Samples.Attempt(), Samples.State(), Ct);
        await Store.DisposeAsync();

        await using var reopened = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct);

        Assert.Equal(Samples.Run(), await reopened.GetLatestRunAsync(Ct));
        Assert.Equal([Samples.Result()], await reopened.GetTaskResultsAsync("run-1", Ct));
        Assert.Equal([Samples.Attempt()], await reopened.GetAttemptsAsync("run-1", Ct));
        Assert.Equal(Samples.State(), (await reopened.GetTaskStatesAsync(Ct))["task-a"]);
    }

    [Fact]
    public async Task Times_and_money_are_stored_as_exact_text_and_states_as_their_names()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        await Store.RecordTaskAsync(Samples.Result(state: Core.Runs.TaskState.RateLimited), null, null, Ct);

        Assert.Equal("rate-limited", await RawSqlite.ScalarAsync(DatabasePath, "SELECT state FROM task_results"));
        Assert.Equal("0.123456", await RawSqlite.ScalarAsync(DatabasePath, "SELECT cost_usd FROM task_results"));
        Assert.Equal("2025-03-14T09:26:54.5890000+00:00", await RawSqlite.ScalarAsync(DatabasePath, "SELECT started_at FROM task_results"));
    }

    [Fact]
    public async Task A_migration_numbered_below_one_already_applied_is_still_applied_on_open()
    {
        await Store.DisposeAsync();
        // A store written by a build that knew migration 9 but not 7: take step 7 back out of the file.
        await RawSqlite.ScalarAsync(DatabasePath, """
            DROP TABLE checkpoints;
            DROP TABLE threshold_observations;
            ALTER TABLE tasks DROP COLUMN resumes_at;
            ALTER TABLE governor_config DROP COLUMN grace_tokens;
            ALTER TABLE governor_config DROP COLUMN grace_seconds;
            ALTER TABLE governor_config DROP COLUMN starts_per_minute;
            DELETE FROM schema_migrations WHERE version = 7;
            """);

        await using (var reopened = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct))
        {
            Assert.Equal(14, await reopened.GetSchemaVersionAsync(Ct));
        }

        Assert.Equal("checkpoints", await RawSqlite.ScalarAsync(DatabasePath, "SELECT name FROM schema_migrations WHERE version = 7"));
        Assert.Equal(0L, await RawSqlite.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM checkpoints"));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_token_gov_is_refused_with_advice_to_upgrade()
    {
        await Store.DisposeAsync();
        await RawSqlite.ScalarAsync(DatabasePath, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00.0000000+00:00')");

        var error = await Assert.ThrowsAsync<TokenGovException>(() => SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct));

        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("was written by a newer token-gov (schema 99; this build knows 14). Upgrade token-gov.", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_its_path()
    {
        var path = _folder.File("notes", "governor.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, new string('x', 8192));

        var error = await Assert.ThrowsAsync<TokenGovException>(() => SqliteGovernorStore.OpenAsync(path, _time, Ct));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a token-gov database", error.Message);
        Assert.Equal(ExitCodes.InputError, error.ExitCode);
    }

    [Fact]
    public async Task Two_processes_sharing_the_file_can_both_write_and_see_each_others_work()
    {
        await using var other = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct);
        await Store.CreateRunAsync(Samples.Run("mine"), Ct);
        await other.CreateRunAsync(Samples.Run("theirs"), Ct);

        await Task.WhenAll(
            RecordManyAsync(Store, "mine", 200),
            RecordManyAsync(other, "theirs", 200));

        Assert.Equal(200, (await Store.GetTaskResultsAsync("theirs", Ct)).Count);
        Assert.Equal(200, (await other.GetTaskResultsAsync("mine", Ct)).Count);
        Assert.Equal(2, (await Store.ListRunsAsync(Ct)).Count);
        Assert.Equal(400, (await other.GetTaskStatesAsync(Ct)).Count);
    }

    [Fact]
    public async Task Two_stores_on_one_file_reserving_at_once_never_take_the_same_headroom()
    {
        await using var other = await SqliteGovernorStore.OpenAsync(DatabasePath, _time, Ct);
        await Store.CreateProjectAsync(GovernanceSamples.Project(), Ct);
        await Store.CreateTaskAsync(GovernanceSamples.Task(packageId: null), Ct);
        BudgetClaim[] claims = [new(BudgetScope.Project, GovernanceSamples.ProjectId, new Budget(1000, null, BudgetWindow.Total))];

        Task<ReservationOutcome> Reserve(IGovernorStore store, string id) => Task.Run(() =>
            store.TryReserveAsync(new ReservationRecord(id, "task-1", null, GovernanceSamples.ProjectId, 100, Samples.Start), claims, Samples.Start, Ct));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Reserve(i % 2 == 0 ? Store : other, $"r{i}")));

        Assert.Equal(10, outcomes.Count(outcome => outcome.Reserved));
        Assert.Equal(1000, await other.SumReservationsAsync(BudgetScope.Project, GovernanceSamples.ProjectId, null, Ct));
    }

    [Fact]
    public async Task A_disposed_store_refuses_further_use()
    {
        await Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.ListRunsAsync(Ct));
    }

    private static Task RecordManyAsync(IGovernorStore store, string runId, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() =>
        {
            var taskId = $"{runId}-task-{i:D3}";
            return store.RecordTaskAsync(
                Samples.Result(runId, taskId),
                Samples.Attempt(runId, taskId),
                Samples.State(taskId, runId),
                Ct);
        })));
}
