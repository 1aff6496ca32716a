using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Tests.Reports;

public sealed class ReportBuilderTests : IAsyncLifetime, IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private SqliteGovernorStore _store = null!;
    private RunReport _report = null!;

    private static DateTimeOffset Now => RecordedRun.EndedAt.AddSeconds(10);

    public async Task InitializeAsync()
    {
        _store = await SqliteGovernorStore.OpenAsync(_scratch.File("governor.db"), TimeProvider.System, CancellationToken.None);
        var run = await RecordedRun.WriteAsync(_store, _scratch.File("run"), CancellationToken.None);
        _report = await ReportBuilder.BuildAsync(_store, run, Now, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _scratch.Dispose();

    private ReportTask Task(string id) => _report.Tasks.Single(task => task.Id == id);

    [Fact]
    public void Tasks_follow_the_plan_order_of_the_snapshot_not_the_store_order()
    {
        Assert.Equal(RecordedRun.PlanOrder, _report.Tasks.Select(task => task.Id));
    }

    [Fact]
    public void A_planned_task_with_no_result_is_pending_with_no_time_tokens_or_cost()
    {
        var later = Task("later");

        Assert.Equal("pending", later.State);
        Assert.Null(later.StartedAt);
        Assert.Equal(0, later.DurationMs);
        Assert.Equal(0, later.Tokens.Total);
        Assert.Equal(0m, later.CostUsd);
        Assert.Empty(later.Attempts);
        Assert.Equal(["slow"], later.DependsOn);
        Assert.Equal(5, later.Priority);
        Assert.Equal("Task later", later.Title);
    }

    [Fact]
    public void Summary_counts_each_state_and_tells_running_from_pending()
    {
        Assert.Equal(new ReportSummary(Total: 6, Completed: 1, Failed: 1, Skipped: 1, Cancelled: 0, RateLimited: 1, Running: 1, Pending: 1), _report.Summary);
    }

    [Fact]
    public void Token_totals_add_up_each_kind_over_every_task()
    {
        var expected = RecordedRun.CompileTokens + RecordedRun.ApiTokens;

        Assert.Equal(ReportTokens.From(expected), _report.Tokens);
        Assert.Equal(101, _report.Tokens.Input);
        Assert.Equal(202, _report.Tokens.Output);
        Assert.Equal(33, _report.Tokens.CacheCreation);
        Assert.Equal(44, _report.Tokens.CacheRead);
        Assert.Equal(11, _report.Tokens.Reasoning);
        Assert.Equal(391, _report.Tokens.Total);
    }

    [Fact]
    public void Cost_is_the_exact_sum_of_the_task_costs()
    {
        Assert.Equal(0.375m, _report.CostUsd);
    }

    [Fact]
    public void Durations_are_in_milliseconds_and_an_unfinished_task_counts_up_to_now()
    {
        Assert.Equal(5000, _report.DurationMs);
        Assert.Equal(1500, Task("compile").DurationMs);
        Assert.Equal(250, Task("api").DurationMs);
        Assert.Equal((long)(Now - RecordedRun.StartedAt.AddSeconds(2)).TotalMilliseconds, Task("slow").DurationMs);
        Assert.Equal(0, Task("docs").DurationMs);
    }

    [Fact]
    public void Attempts_are_listed_by_number_with_their_own_duration_tokens_and_cost()
    {
        var attempts = Task("compile").Attempts;

        Assert.Equal([1, 2], attempts.Select(attempt => attempt.Number));
        Assert.Equal("rate-limited", attempts[0].Outcome);
        Assert.Equal(600, attempts[0].DurationMs);
        Assert.Equal(0.05m, attempts[0].CostUsd);
        Assert.Equal(800, attempts[1].DurationMs);
        Assert.Equal(ReportTokens.From(RecordedRun.CompileTokens), attempts[1].Tokens);
    }

    [Fact]
    public void Run_fields_and_settings_come_from_the_run_record_and_its_snapshot()
    {
        Assert.Equal(RecordedRun.RunId, _report.RunId);
        Assert.Equal(RunStates.Failed, _report.State);
        Assert.Equal(1, _report.ExitCode);
        Assert.Equal(RecordedRun.StartedAt, _report.StartedAt);
        Assert.Equal(RecordedRun.EndedAt, _report.EndedAt);
        Assert.Equal(["tasks.json"], _report.TaskFiles);
        Assert.Equal(3, _report.Settings.Workers);
        Assert.Equal("/work/repos", _report.Settings.ReposDirectory);
        Assert.Equal("*", _report.Settings.Filter);
        Assert.Equal(30 * 60 * 1000, _report.Settings.MaxRuntimeMs);
    }

    [Fact]
    public void Task_details_carry_state_reason_runner_and_final_message()
    {
        var api = Task("api");
        Assert.Equal("failed", api.State);
        Assert.Equal("exit code 3: tests failed", api.Reason);
        Assert.Equal("script", api.Runner);
        Assert.Equal(3, Assert.Single(api.Attempts).ExitCode);
        Assert.Equal("built", Task("compile").FinalMessage);
        Assert.Equal("rate-limited", Task("quota").State);
    }

    [Fact]
    public void Without_a_readable_snapshot_the_report_lists_the_stored_results()
    {
        var run = new RunRecord("r", RecordedRun.StartedAt, null, RunStates.Running, "/tmp/r", "not json", null);
        var results = new[]
        {
            new TaskResultRecord("r", "b", "acme/b", TaskState.Completed, null, "script", null, null, TokenUsage.Zero, 0m, null, null),
            new TaskResultRecord("r", "a", "acme/a", TaskState.Running, null, "script", RecordedRun.StartedAt, null, TokenUsage.Zero, 0m, null, null),
        };

        var report = ReportBuilder.Build(run, RunSnapshot.FromJson(run.SettingsJson), results, [], RecordedRun.StartedAt.AddSeconds(3));

        Assert.Equal(["b", "a"], report.Tasks.Select(task => task.Id));
        Assert.Equal(3000, report.DurationMs);
        Assert.Equal(3000, report.Tasks[1].DurationMs);
        Assert.Empty(report.TaskFiles);
    }
}
