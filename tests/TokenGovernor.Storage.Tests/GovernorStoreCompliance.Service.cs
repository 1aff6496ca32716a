using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    [Fact]
    public async Task An_api_key_is_found_by_its_hash_listed_and_revoked_by_name()
    {
        var key = new ApiKeyRecord("key-1", "ci", "abcd1234", "hash-1", "admin", Samples.Start, null);

        await Store.CreateApiKeyAsync(key, Ct);
        var found = await Store.FindApiKeyAsync("hash-1", Ct);
        var revoked = await Store.RevokeApiKeyAsync("ci", Samples.Start.AddHours(1), Ct);
        var again = await Store.RevokeApiKeyAsync("ci", Samples.Start.AddHours(2), Ct);

        Assert.Equal(key, found);
        Assert.True(revoked);
        Assert.False(again);
        Assert.Equal(Samples.Start.AddHours(1), (await Store.ListApiKeysAsync(Ct)).Single().RevokedAt);
        Assert.Null(await Store.FindApiKeyAsync("hash-2", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateApiKeyAsync(key with { Id = "key-2" }, Ct));
    }

    [Fact]
    public async Task Webhooks_round_trip_per_project_and_failed_deliveries_are_kept_until_notified()
    {
        await Store.CreateProjectAsync(GovernanceSamples.Project(), Ct);
        var hook = new WebhookRecord("hook-1", GovernanceSamples.ProjectId, "http://127.0.0.1:9/h", ["paused", "status"], "secret", 300, Samples.Start);

        await Store.CreateWebhookAsync(hook, Ct);
        await Store.RecordDeliveryErrorAsync(new DeliveryErrorRecord(0, "hook-1", GovernanceSamples.ProjectId, hook.Url, "paused", 4, "HTTP 500", Samples.Start, null), Ct);
        await Store.RecordDeliveryErrorAsync(new DeliveryErrorRecord(0, "hook-1", GovernanceSamples.ProjectId, hook.Url, "status", 4, "refused", Samples.Start, null), Ct);
        var unseen = await Store.ListDeliveryErrorsAsync(true, Ct);
        await Store.MarkDeliveryErrorsNotifiedAsync(unseen[0].Seq, Samples.Start.AddMinutes(1), Ct);

        var listed = (await Store.ListWebhooksAsync(GovernanceSamples.ProjectId, Ct)).Single();
        Assert.Equal((hook.Id, hook.Url, hook.Secret, 300), (listed.Id, listed.Url, listed.Secret, listed.StatusIntervalSeconds));
        Assert.Equal(hook.Events, listed.Events);
        Assert.Empty(await Store.ListWebhooksAsync("another", Ct));
        Assert.Equal("status", (await Store.ListDeliveryErrorsAsync(true, Ct)).Single().Event);
        Assert.Equal(2, (await Store.ListDeliveryErrorsAsync(false, Ct)).Count);
        Assert.True(await Store.RemoveWebhookAsync("hook-1", Ct));
        Assert.False(await Store.RemoveWebhookAsync("hook-1", Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateWebhookAsync(hook with { ProjectId = "missing" }, Ct));
    }

    [Fact]
    public async Task A_usage_batch_lands_in_one_go_and_sums_group_by_day_model_and_task()
    {
        await Store.CreateProjectAsync(GovernanceSamples.Project(), Ct);
        await Store.CreatePackageAsync(GovernanceSamples.Package(), Ct);
        await Store.CreateTaskAsync(GovernanceSamples.Task(), Ct);
        await Store.StartAgentAsync(new AgentRecord("agent-1", "task-1", "api", "m", 1, null, Samples.Start, null), Ct);
        UsageEventRecord Usage(string id, DateTimeOffset at, string model, long input) =>
            new(id, at, GovernanceSamples.ProjectId, "pkg-1", "task-1", "agent-1", model, new TokenUsage(input, 1, 0, 0, 0), 0.5m, UsageSource.Api);

        await Store.AppendUsageBatchAsync(
            [Usage("u1", Samples.Start, "opus", 10), Usage("u2", Samples.Start.AddDays(1), "sonnet", 20), Usage("u1", Samples.Start, "opus", 10)],
            [new DecisionRecord(Samples.Start, "task-1", "agent-1", "u1", PolicyDecision.RequestCheckpoint, BudgetScope.Task, "task-1", 0.9, "x")],
            Ct);

        var byDay = await Store.SumUsageGroupedAsync(Samples.Start.AddDays(-1), Samples.Start.AddDays(2), UsageGrouping.Day, null, Ct);
        var byModel = await Store.SumUsageGroupedAsync(Samples.Start.AddDays(-1), Samples.Start.AddDays(2), UsageGrouping.Model, GovernanceSamples.ProjectId, Ct);
        var byTask = await Store.SumUsageGroupedAsync(Samples.Start, Samples.Start.AddHours(1), UsageGrouping.Task, null, Ct);
        Assert.Equal(2, await Store.CountUsageEventsAsync(Ct));
        Assert.Equal(["2025-03-14", "2025-03-15"], byDay.Select(group => group.Key));
        Assert.Equal([("opus", 10L), ("sonnet", 20L)], byModel.Select(group => (group.Key, group.Totals.Tokens.Input)).OrderBy(pair => pair.Key));
        Assert.Equal(("task-1", 11L, 1L), (byTask.Single().Key, byTask.Single().Totals.Tokens.Total, byTask.Single().Totals.Events));
        Assert.Equal(1, (await Store.CountDecisionsAsync(Ct))[PolicyDecision.RequestCheckpoint]);
        Assert.Equal("agent-1", (await Store.FindAgentAsync("agent-1", Ct))!.Id);
        Assert.Equal("agent-1", (await Store.ListRecentAgentsAsync(GovernanceSamples.ProjectId, 10, Ct)).Single().Id);
        Assert.Empty(await Store.ListRecentAgentsAsync("other", 10, Ct));
    }
}
