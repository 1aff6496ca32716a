using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TokenGovernor.Engine.Service;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task A_receiver_gets_signed_events_and_the_retries_after_failing_twice()
    {
        using var receiver = new WebhookReceiver(failures: 2);
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("hooked", 10_000);
        await server.RegisterTaskAsync(project, "h1", 1000);
        var hook = await new ServiceAdmin(server.Store, TimeProvider.System)
            .AddWebhookAsync(project, receiver.Url, [GovernorEventTypes.CheckpointRequested, GovernorEventTypes.Paused], "s3cret", TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(2500); // the dispatcher reads new hooks every two seconds

        await server.UsageAsync(server.Admin, "h1", "agent-h", 950);
        var deliveries = await receiver.WaitForAsync(all => all.Any(delivery => !delivery.Failed), TimeSpan.FromSeconds(10));

        Assert.Equal([true, true, false], deliveries.Select(delivery => delivery.Failed));
        Assert.All(deliveries, delivery => Assert.Equal("checkpoint-requested", delivery.Event));
        Assert.Single(deliveries.Select(delivery => delivery.DeliveryId).Distinct());
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), deliveries[2].Body));
        Assert.Equal(expected, deliveries[2].Signature);
        var body = JsonNode.Parse(deliveries[2].Body)!;
        Assert.Equal(("checkpoint-requested", "h1", project), (body["event"]!.GetValue<string>(), body["task"]!.GetValue<string>(), body["project"]!.GetValue<string>()));
        Assert.True(deliveries[2].At - deliveries[1].At >= deliveries[1].At - deliveries[0].At - TimeSpan.FromMilliseconds(50), "backoff grows");
        Assert.Empty(await server.Store.ListDeliveryErrorsAsync(false, CancellationToken.None));
        Assert.Equal(hook.Id, (await server.Store.ListWebhooksAsync(project, CancellationToken.None)).Single().Id);
    }

    [Fact]
    public async Task A_delivery_that_fails_every_retry_is_kept_as_an_error()
    {
        using var receiver = new WebhookReceiver(failures: 100);
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("broken", 10_000);
        await server.RegisterTaskAsync(project, "b1", null);
        await new ServiceAdmin(server.Store, TimeProvider.System)
            .AddWebhookAsync(project, receiver.Url, [GovernorEventTypes.Paused], null, TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(2500);

        await server.Admin.PostAsJsonAsync("/tasks/b1/pause", new { reason = "x" });
        await receiver.WaitForAsync(all => all.Count >= 4, TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        IReadOnlyList<Storage.DeliveryErrorRecord> errors = [];
        while (errors.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            errors = await server.Store.ListDeliveryErrorsAsync(false, CancellationToken.None);
        }

        Assert.Equal(4, receiver.Deliveries.Count);
        var error = Assert.Single(errors);
        Assert.Equal(("paused", 4, receiver.Url), (error.Event, error.Attempts, error.Url));
        Assert.Contains("500", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hook_asking_for_status_gets_the_project_status_periodically()
    {
        using var receiver = new WebhookReceiver(failures: 0);
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("periodic", 10_000);
        await new ServiceAdmin(server.Store, TimeProvider.System)
            .AddWebhookAsync(project, receiver.Url, [GovernorEventTypes.Status], null, TimeSpan.FromSeconds(1), CancellationToken.None);

        var deliveries = await receiver.WaitForAsync(all => all.Count >= 2, TimeSpan.FromSeconds(10));

        Assert.True(deliveries.Count >= 2);
        var body = JsonNode.Parse(deliveries[0].Body)!;
        Assert.Equal("status", body["event"]!.GetValue<string>());
        Assert.Equal("periodic", body["data"]!["name"]!.GetValue<string>());
    }
}
