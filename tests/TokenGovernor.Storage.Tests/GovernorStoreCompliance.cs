using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage.Tests;

/// <summary>
/// What every <see cref="IGovernorStore"/> must do, whatever database is behind it. Each implementation's
/// test class derives from this and says how to open a fresh, empty store.
/// </summary>
public abstract partial class GovernorStoreCompliance : IAsyncLifetime
{
    private IGovernorStore? _store;

    protected IGovernorStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract Task<IGovernorStore> OpenFreshStoreAsync();

    public async Task InitializeAsync() => _store = await OpenFreshStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_created_run_reads_back_with_every_field()
    {
        var run = Samples.Run() with { StartedAt = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 589, TimeSpan.FromHours(2)) };

        await Store.CreateRunAsync(run, Ct);

        Assert.Equal(run, await Store.GetRunAsync(run.Id, Ct));
    }

    [Fact]
    public async Task Finishing_a_run_records_its_end_state_and_exit_code()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        var endedAt = Samples.Start.AddMinutes(42);

        await Store.FinishRunAsync("run-1", endedAt, RunStates.RateLimited, 4, Ct);

        var run = await Store.GetRunAsync("run-1", Ct);
        Assert.Equal(Samples.Run() with { EndedAt = endedAt, State = "rate-limited", ExitCode = 4 }, run);
    }

    [Fact]
    public async Task Finishing_an_unknown_run_is_refused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.FinishRunAsync("no-such-run", Samples.Start, RunStates.Completed, 0, Ct));
    }

    [Fact]
    public async Task Creating_a_run_twice_is_refused()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateRunAsync(Samples.Run(), Ct));
    }

    [Fact]
    public async Task An_unknown_run_reads_as_null()
    {
        Assert.Null(await Store.GetRunAsync("no-such-run", Ct));
        Assert.Null(await Store.GetLatestRunAsync(Ct));
        Assert.Empty(await Store.ListRunsAsync(Ct));
    }

    [Fact]
    public async Task The_latest_run_is_the_one_started_last_whatever_the_creation_order()
    {
        await Store.CreateRunAsync(Samples.Run("later", Samples.Start.AddHours(1)), Ct);
        await Store.CreateRunAsync(Samples.Run("earlier", Samples.Start), Ct);

        Assert.Equal("later", (await Store.GetLatestRunAsync(Ct))?.Id);
        Assert.Equal(["earlier", "later"], (await Store.ListRunsAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task Runs_started_at_the_same_instant_are_ordered_by_creation()
    {
        await Store.CreateRunAsync(Samples.Run("first"), Ct);
        await Store.CreateRunAsync(Samples.Run("second"), Ct);

        Assert.Equal("second", (await Store.GetLatestRunAsync(Ct))?.Id);
        Assert.Equal(["first", "second"], (await Store.ListRunsAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_recorded_task_reads_back_its_result_attempt_and_state()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        var result = Samples.Result() with { CostUsd = 12345.678901234567890123m };
        var attempt = Samples.Attempt();
        var state = Samples.State();

        await Store.RecordTaskAsync(result, attempt, state, Ct);

        Assert.Equal([result], await Store.GetTaskResultsAsync("run-1", Ct));
        Assert.Equal([attempt], await Store.GetAttemptsAsync("run-1", Ct));
        Assert.Equal(state, (await Store.GetTaskStatesAsync(Ct))["task-a"]);
    }

    [Fact]
    public async Task A_runs_owner_process_reads_back_and_an_unknown_run_has_none()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        Assert.Null(await Store.GetRunOwnerAsync("run-1", Ct));

        Assert.True(await Store.SetRunOwnerAsync("run-1", new RunOwnerRecord(4242, 987654321L, "build-host"), Ct));
        Assert.False(await Store.SetRunOwnerAsync("no-such-run", new RunOwnerRecord(1, 1, "h"), Ct));

        Assert.Equal(new RunOwnerRecord(4242, 987654321L, "build-host"), await Store.GetRunOwnerAsync("run-1", Ct));
        Assert.Null(await Store.GetRunOwnerAsync("no-such-run", Ct));
    }

    [Fact]
    public async Task A_batch_of_task_changes_is_written_in_order_so_the_last_change_of_a_task_wins()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        var running = Samples.Result(taskId: "task-a", state: TaskState.Running);
        var done = Samples.Result(taskId: "task-a", state: TaskState.Completed);
        var other = Samples.Result(taskId: "task-b", state: TaskState.Failed);

        await Store.RecordTasksAsync(
        [
            new TaskRecord(running, Samples.Attempt(taskId: "task-a"), null),
            new TaskRecord(other, null, Samples.State("task-b", state: TaskState.Failed)),
            new TaskRecord(done, null, Samples.State("task-a")),
        ], Ct);

        var results = await Store.GetTaskResultsAsync("run-1", Ct);
        Assert.Equal([TaskState.Completed, TaskState.Failed], results.Select(result => result.State));
        Assert.Single(await Store.GetAttemptsAsync("run-1", Ct));
        var states = await Store.GetTaskStatesAsync(Ct);
        Assert.Equal(TaskState.Completed, states["task-a"].State);
        Assert.Equal(TaskState.Failed, states["task-b"].State);
    }

    [Fact]
    public async Task A_batch_with_a_mismatched_record_writes_nothing()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.RecordTasksAsync(
        [
            new TaskRecord(Samples.Result(taskId: "task-a"), null, null),
            new TaskRecord(Samples.Result(taskId: "task-b"), null, Samples.State("task-a")),
        ], Ct));

        Assert.Empty(await Store.GetTaskResultsAsync("run-1", Ct));
    }

    [Fact]
    public async Task A_task_recorded_without_attempt_or_state_keeps_nullable_fields_empty()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        var pending = new TaskResultRecord("run-1", "task-a", "/src/app", TaskState.Waiting, null, null, null, null, TokenUsage.Zero, 0m, null, null);

        await Store.RecordTaskAsync(pending, null, null, Ct);

        Assert.Equal([pending], await Store.GetTaskResultsAsync("run-1", Ct));
        Assert.Empty(await Store.GetAttemptsAsync("run-1", Ct));
        Assert.Empty(await Store.GetTaskStatesAsync(Ct));
    }

    [Fact]
    public async Task Recording_a_task_again_replaces_its_result_attempt_and_state()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        var running = Samples.Result(state: TaskState.Running) with { EndedAt = null, Tokens = TokenUsage.Zero, CostUsd = 0m, FinalMessage = null };
        var startedAttempt = Samples.Attempt() with { EndedAt = null, ExitCode = null, Outcome = "running", Tokens = TokenUsage.Zero, CostUsd = 0m };
        await Store.RecordTaskAsync(running, startedAttempt, Samples.State(state: TaskState.Running), Ct);

        var failed = Samples.Result(state: TaskState.RateLimited) with { Reason = "usage limit reached" };
        var endedAttempt = Samples.Attempt() with { ExitCode = 1, Outcome = "rate-limited", Reason = "usage limit reached" };
        var endedState = Samples.State(state: TaskState.RateLimited);
        await Store.RecordTaskAsync(failed, endedAttempt, endedState, Ct);

        Assert.Equal([failed], await Store.GetTaskResultsAsync("run-1", Ct));
        Assert.Equal([endedAttempt], await Store.GetAttemptsAsync("run-1", Ct));
        Assert.Equal(endedState, Assert.Single(await Store.GetTaskStatesAsync(Ct)).Value);
    }

    [Fact]
    public async Task Attempts_are_listed_by_task_then_number()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        await Store.RecordTaskAsync(Samples.Result(taskId: "b"), Samples.Attempt(taskId: "b", number: 2), null, Ct);
        await Store.RecordTaskAsync(Samples.Result(taskId: "b"), Samples.Attempt(taskId: "b", number: 1), null, Ct);
        await Store.RecordTaskAsync(Samples.Result(taskId: "a"), Samples.Attempt(taskId: "a", number: 1), null, Ct);

        var attempts = await Store.GetAttemptsAsync("run-1", Ct);

        Assert.Equal(["a#1", "b#1", "b#2"], attempts.Select(a => $"{a.TaskId}#{a.Number}"));
    }

    [Fact]
    public async Task Results_and_attempts_belong_to_their_own_run()
    {
        await Store.CreateRunAsync(Samples.Run("run-1"), Ct);
        await Store.CreateRunAsync(Samples.Run("run-2"), Ct);
        await Store.RecordTaskAsync(Samples.Result("run-1"), Samples.Attempt("run-1"), null, Ct);
        await Store.RecordTaskAsync(Samples.Result("run-2", "task-b"), Samples.Attempt("run-2", "task-b"), null, Ct);

        Assert.Equal("task-a", Assert.Single(await Store.GetTaskResultsAsync("run-1", Ct)).TaskId);
        Assert.Equal("task-b", Assert.Single(await Store.GetAttemptsAsync("run-2", Ct)).TaskId);
    }

    [Fact]
    public async Task An_attempt_of_another_task_is_refused_and_nothing_is_written()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.RecordTaskAsync(Samples.Result(taskId: "a"), Samples.Attempt(taskId: "b"), null, Ct));

        Assert.Empty(await Store.GetTaskResultsAsync("run-1", Ct));
    }

    [Fact]
    public async Task A_task_state_outlives_its_run_and_can_be_reset()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        await Store.RecordTaskAsync(Samples.Result(taskId: "a"), null, Samples.State("a"), Ct);
        await Store.RecordTaskAsync(Samples.Result(taskId: "b"), null, Samples.State("b"), Ct);

        Assert.True(await Store.ResetTaskStateAsync("a", Ct));
        Assert.False(await Store.ResetTaskStateAsync("a", Ct));

        Assert.Equal(["b"], (await Store.GetTaskStatesAsync(Ct)).Keys);
        Assert.Equal(2, (await Store.GetTaskResultsAsync("run-1", Ct)).Count);
    }

    [Fact]
    public async Task Clearing_task_states_removes_them_all_and_says_how_many()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await Store.RecordTaskAsync(Samples.Result(taskId: id), null, Samples.State(id), Ct);
        }

        Assert.Equal(3, await Store.ClearTaskStatesAsync(Ct));
        Assert.Empty(await Store.GetTaskStatesAsync(Ct));
        Assert.Equal(0, await Store.ClearTaskStatesAsync(Ct));
    }

    [Fact]
    public async Task Many_tasks_recorded_at_once_lose_no_rows()
    {
        await Store.CreateRunAsync(Samples.Run(), Ct);

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() =>
        {
            var taskId = $"task-{i:D3}";
            return Store.RecordTaskAsync(Samples.Result(taskId: taskId), Samples.Attempt(taskId: taskId), Samples.State(taskId), Ct);
        })));

        Assert.Equal(500, (await Store.GetTaskResultsAsync("run-1", Ct)).Count);
        Assert.Equal(500, (await Store.GetAttemptsAsync("run-1", Ct)).Count);
        Assert.Equal(500, (await Store.GetTaskStatesAsync(Ct)).Count);
    }
}
