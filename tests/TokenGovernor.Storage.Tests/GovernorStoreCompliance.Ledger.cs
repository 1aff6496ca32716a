using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Storage.Tests.GovernanceSamples;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    private async Task RegisterTaskAsync()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreateTaskAsync(Task(), Ct);
    }

    [Fact]
    public async Task Ledger_sums_are_per_scope_and_per_window_with_the_end_excluded()
    {
        await RegisterTaskAsync();
        await Store.AppendUsageAsync(Usage("e1", Samples.Start, input: 100, cost: 0.000000001m), Ct);
        await Store.AppendUsageAsync(Usage("e2", Samples.Start.AddHours(1), input: 200, cost: 1.5m), Ct);
        await Store.AppendUsageAsync(Usage("e3", Samples.Start.AddHours(2), taskId: null, packageId: null, input: 400, cost: 2m), Ct);

        var all = await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, Ct);
        var firstTwoHours = await Store.SumUsageAsync(BudgetScope.Project, ProjectId, new WindowSpan(Samples.Start, Samples.Start.AddHours(2)), Ct);
        var task = await Store.SumUsageAsync(BudgetScope.Task, "task-1", WindowSpan.Always, Ct);
        var package = await Store.SumUsageAsync(BudgetScope.Package, "pkg-1", new WindowSpan(Samples.Start.AddMinutes(30), null), Ct);

        Assert.Equal(new LedgerTotals(new TokenUsage(700, 60, 900, 12_000, 15), 3.500000001m, 3), all);
        Assert.Equal(new LedgerTotals(new TokenUsage(300, 40, 600, 8000, 10), 1.500000001m, 2), firstTwoHours);
        Assert.Equal(2, task.Events);
        Assert.Equal(new LedgerTotals(new TokenUsage(200, 20, 300, 4000, 5), 1.5m, 1), package);
    }

    [Fact]
    public async Task The_ledger_head_numbers_events_in_commit_order_and_a_slice_sums_only_the_events_after_one_head_through_another()
    {
        await RegisterTaskAsync();
        Assert.Equal(0, await Store.GetLedgerHeadAsync(Ct));
        await Store.AppendUsageAsync(Usage("e1", Samples.Start.AddHours(3), input: 100), Ct);
        var first = await Store.GetLedgerHeadAsync(Ct);
        await Store.AppendUsageAsync(Usage("e2", Samples.Start, input: 200), Ct);
        await Store.AppendUsageAsync(Usage("e3", Samples.Start.AddHours(1), taskId: null, packageId: null, input: 400), Ct);
        var head = await Store.GetLedgerHeadAsync(Ct);
        await Store.AppendUsageAsync(Usage("e4", Samples.Start, input: 800), Ct);

        Assert.True(head > first);
        Assert.Equal(600, (await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, first, head, Ct)).Tokens.Input);
        Assert.Equal(200, (await Store.SumUsageAsync(BudgetScope.Task, "task-1", WindowSpan.Always, first, head, Ct)).Tokens.Input);
        Assert.Equal(300, (await Store.SumUsageAsync(BudgetScope.Package, "pkg-1", WindowSpan.Always, 0, head, Ct)).Tokens.Input);
        var firstTwoHours = new WindowSpan(Samples.Start, Samples.Start.AddHours(2));
        Assert.Equal(new LedgerTotals(new TokenUsage(600, 40, 600, 8000, 10), 0.002m, 2), await Store.SumUsageAsync(BudgetScope.Project, ProjectId, firstTwoHours, 0, head, Ct));
        Assert.Equal(LedgerTotals.Zero, await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, head, head, Ct));
    }

    [Fact]
    public async Task An_empty_window_sums_to_zero()
    {
        await RegisterTaskAsync();

        Assert.Equal(LedgerTotals.Zero, await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, Ct));
    }

    [Fact]
    public async Task The_same_usage_event_is_recorded_once()
    {
        await RegisterTaskAsync();

        Assert.True(await Store.AppendUsageAsync(Usage("msg-1", Samples.Start), Ct));
        Assert.False(await Store.AppendUsageAsync(Usage("msg-1", Samples.Start), Ct));

        Assert.Equal(1, (await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, Ct)).Events);
    }

    [Fact]
    public async Task Usage_for_an_unknown_project_or_task_is_refused()
    {
        await RegisterTaskAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendUsageAsync(Usage("e", Samples.Start, taskId: "ghost"), Ct));
    }

    [Fact]
    public async Task History_is_what_each_completed_task_of_the_class_spent()
    {
        await RegisterTaskAsync();
        await Store.CreateTaskAsync(Task("done-1") with { State = TaskState.Completed }, Ct);
        await Store.CreateTaskAsync(Task("done-2") with { State = TaskState.Completed, Runner = "codex" }, Ct);
        await Store.CreateTaskAsync(Task("done-simple") with { State = TaskState.Completed, Estimate = Task().Estimate with { Class = ComplexityClass.Simple } }, Ct);
        await Store.AppendUsageAsync(Usage("a", Samples.Start, taskId: "done-1", input: 1000), Ct);
        await Store.AppendUsageAsync(Usage("b", Samples.Start, taskId: "done-1", input: 1000), Ct);
        await Store.AppendUsageAsync(Usage("c", Samples.Start, taskId: "done-2", input: 50), Ct);
        await Store.AppendUsageAsync(Usage("d", Samples.Start, taskId: "done-simple", input: 7), Ct);
        await Store.AppendUsageAsync(Usage("e", Samples.Start, taskId: "task-1", input: 9), Ct);

        var complex = await Store.GetCompletedTaskUsageAsync(ProjectId, ComplexityClass.Complex, null, Ct);
        var claudeOnly = await Store.GetCompletedTaskUsageAsync(ProjectId, ComplexityClass.Complex, "claude", Ct);

        Assert.Equal([2000L, 50L], complex.Select(usage => usage.Input));
        Assert.Equal(2000L, Assert.Single(claudeOnly).Input);
    }

    [Fact]
    public async Task Governor_settings_default_until_saved_and_then_read_back()
    {
        Assert.Equal(GovernorConfig.Default, await Store.GetGovernorConfigAsync(Ct));

        await Store.SaveGovernorConfigAsync(new GovernorConfig(0.85, true), Samples.Start, Ct);
        await Store.SaveGovernorConfigAsync(new GovernorConfig(0.8, true), Samples.Start, Ct);

        Assert.Equal(new GovernorConfig(0.8, true), await Store.GetGovernorConfigAsync(Ct));
    }

    [Fact]
    public async Task Decisions_are_kept_per_task_in_order()
    {
        await RegisterTaskAsync();
        await Store.AppendUsageAsync(Usage("e1", Samples.Start), Ct);
        var request = new DecisionRecord(Samples.Start, "task-1", null, "e1", PolicyDecision.RequestCheckpoint, BudgetScope.Package, "pkg-1", 0.92, "package at 92%");
        var stop = request with { Decision = PolicyDecision.Stop, UsageEventId = null, UsedFraction = 1.0, Reason = null };

        await Store.RecordDecisionAsync(request, Ct);
        await Store.RecordDecisionAsync(stop, Ct);

        Assert.Equal([request, stop], await Store.ListDecisionsAsync("task-1", Ct));
    }
}
