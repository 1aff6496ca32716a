using TokenGovernor.Core.Governance;
using static TokenGovernor.Storage.Tests.GovernanceSamples;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    [Fact]
    public async Task A_ledger_slice_lists_the_events_after_one_head_through_another_in_order_leaving_out_one_source()
    {
        await RegisterTaskAsync();
        await Store.AppendUsageAsync(Usage("before", Samples.Start), Ct);
        var after = await Store.GetLedgerHeadAsync(Ct);
        await Store.AppendUsageAsync(Usage("stream-1", Samples.Start.AddHours(2), input: 200), Ct);
        await Store.AppendUsageAsync(Usage("api-1", Samples.Start, input: 300) with { Source = UsageSource.Api }, Ct);
        await Store.AppendUsageAsync(Usage("stream-2", Samples.Start.AddMinutes(1), taskId: null, packageId: null, agentId: null, input: 400, cost: 1.25m), Ct);
        var through = await Store.GetLedgerHeadAsync(Ct);
        await Store.AppendUsageAsync(Usage("later", Samples.Start), Ct);

        var all = await Store.ListUsageAsync(after, through, null, Ct);
        var others = await Store.ListUsageAsync(after, through, UsageSource.Api, Ct);

        Assert.Equal(["stream-1", "api-1", "stream-2"], all.Select(usage => usage.Id));
        Assert.Equal(["stream-1", "stream-2"], others.Select(usage => usage.Id));
        Assert.Equal(Usage("stream-2", Samples.Start.AddMinutes(1), taskId: null, packageId: null, agentId: null, input: 400, cost: 1.25m), others[1]);
        Assert.Equal(UsageSource.Api, all[1].Source);
        Assert.Empty(await Store.ListUsageAsync(through, through, null, Ct));
    }

    [Fact]
    public async Task The_ledger_says_whether_it_holds_an_event_id()
    {
        await RegisterTaskAsync();
        await Store.AppendUsageAsync(Usage("msg-1", Samples.Start), Ct);

        Assert.True(await Store.HasUsageAsync("msg-1", Ct));
        Assert.False(await Store.HasUsageAsync("msg-2", Ct));
    }
}
