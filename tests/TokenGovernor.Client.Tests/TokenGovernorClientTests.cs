using System.Net;

namespace TokenGovernor.Client.Tests;

public sealed class TokenGovernorClientTests
{
    [Fact]
    public async Task The_typed_client_registers_reports_lists_and_controls_through_every_endpoint()
    {
        await using var service = await ServiceHost.StartAsync();
        using var client = service.NewClient();

        Assert.True(await client.IsHealthyAsync());
        var project = await client.RegisterProjectAsync(new NewProject("sdk", "ops", BudgetTokens: 10_000, Tier: 1));
        var package = await client.RegisterPackageAsync(new NewPackage(project.Id, "core", BudgetTokens: 5_000));
        var task = await client.RegisterTaskAsync(new NewTask(project.Id, "write code", Id: "sdk-1", Package: package.Id, BudgetTokens: 1_000));
        var decisions = await client.ReportUsageAsync([new UsageEvent("sdk-1", "agent-1", "claude-sonnet-4-5", 100, 20), new UsageEvent("sdk-1", "agent-1", null, 800, 0)]);
        var paused = await client.PauseTaskAsync("sdk-1", "lunch");
        var pausedList = await client.ListTasksAsync(state: "paused");
        var resumed = await client.ResumeTaskAsync("sdk-1");
        var checkpoint = await client.CheckpointTaskAsync("sdk-1");
        var completed = await client.CompleteTaskAsync("sdk-1");

        Assert.Equal(("sdk", 1), (project.Name, project.Tier));
        Assert.Equal((project.Id, 5_000L), (package.Project, package.Budget.Tokens!.Value));
        Assert.Equal(("pending", package.Id), (task.State, task.Package));
        Assert.Equal([Decisions.Continue, Decisions.RequestCheckpoint], decisions.Select(decision => decision.Decision));
        Assert.Equal(("paused", "lunch"), (paused.State, paused.StateReason));
        Assert.Equal("sdk-1", Assert.Single(pausedList).Id);
        Assert.Equal("ready", resumed.State);
        Assert.Equal("requested", checkpoint.Checkpoint);
        Assert.Equal("completed", completed.State);
        Assert.Equal("sdk", Assert.Single(await client.ListProjectsAsync()).Name);
        Assert.Equal("core", Assert.Single(await client.ListPackagesAsync(project.Id)).Name);
        Assert.Equal("agent-1", Assert.Single(await client.ListAgentsAsync()).Id);
        Assert.Equal("sdk-1", Assert.Single(await client.ListCheckpointsAsync()).Task);
        Assert.Equal(920, Assert.Single(await client.GetUsageAsync(group: "task")).TotalTokens);
        Assert.Equal(920, (await client.GetStatusAsync("package", package.Id)).Spent);
        Assert.Contains("token_gov_usage_events_total 2", await client.GetMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_become_typed_exceptions_with_status_and_field()
    {
        await using var service = await ServiceHost.StartAsync();
        using var client = service.NewClient();
        using var stranger = new TokenGovernorClient(service.Address, "tgk_wrong");

        var bad = await Assert.ThrowsAsync<TokenGovernorException>(() => client.RegisterProjectAsync(new NewProject("x", "o", BudgetTokens: -1)));
        var missing = await Assert.ThrowsAsync<TokenGovernorException>(() => client.ReportUsageAsync(new UsageEvent("ghost", "a", null, 1, 1)));
        var unauthorized = await Assert.ThrowsAsync<TokenGovernorException>(() => stranger.ListProjectsAsync());

        Assert.Equal((HttpStatusCode.BadRequest, "budget_tokens"), (bad.Status, bad.Field));
        Assert.Equal((HttpStatusCode.NotFound, "task_id"), (missing.Status, missing.Field));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
    }

    [Fact]
    public async Task The_event_stream_yields_a_pause_as_it_happens()
    {
        await using var service = await ServiceHost.StartAsync();
        using var client = service.NewClient();
        using var watcher = service.NewClient();
        var project = await client.RegisterProjectAsync(new NewProject("feed", "ops", BudgetTokens: 1_000));
        await client.RegisterTaskAsync(new NewTask(project.Id, "t", Id: "feed-1"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = watcher.StreamEventsAsync(types: ["paused"], cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(300);

        await client.PauseTaskAsync("feed-1", "by hand");

        Assert.True(await next);
        Assert.Equal(("paused", "feed-1"), (events.Current.Type, events.Current.Task));
        await cancel.CancelAsync();
    }
}
