using System.Net;
using System.Net.Http.Json;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class StatusAndLimitTests
{
    [Fact]
    public async Task Every_status_report_stays_within_200_tokens_even_with_long_names()
    {
        await using var server = await LiveServer.StartAsync();
        var longName = string.Concat(Enumerable.Repeat("a very long project name ", 20));
        var project = await server.RegisterProjectAsync(longName, 1_000_000);
        var package = await server.Admin.PostAsJsonAsync("/packages/register", new { project, name = longName, budget_tokens = 500_000 });
        var packageId = (await package.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
        await server.Admin.PostAsJsonAsync("/tasks/register", new { project, package = packageId, id = "s1", title = longName, budget_tokens = 10_000 });
        for (var index = 0; index < 10; index++)
        {
            await server.Admin.PostAsJsonAsync("/tasks/register", new { project, id = $"other-{index}", title = "x" });
        }

        await server.UsageAsync(server.Admin, "s1", "agent-s", 9_500);

        foreach (var path in new[] { $"/status/project/{project}", $"/status/package/{packageId}", "/status/task/s1", "/status/agent/agent-s" })
        {
            var text = await server.Admin.GetStringAsync(path);
            // A conservative count: real tokenizers average about four characters per token on JSON like this.
            Assert.True(text.Length / 3 <= 200, $"{path}: {text.Length} chars: {text}");
            Assert.Contains("\"spent\":9500", text, StringComparison.Ordinal);
        }

        var task = await server.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/status/task/s1");
        Assert.Equal(("request-checkpoint", 95.0), (task!["decision"]!.GetValue<string>(), task["pct"]!.GetValue<double>()));
    }

    [Fact]
    public async Task An_agent_over_its_calls_per_minute_gets_429_with_retry_after()
    {
        await using var server = await LiveServer.StartAsync(options => options with { AgentCallsPerMinute = 5 });
        var project = await server.RegisterProjectAsync("limited", 1_000_000);
        await server.RegisterTaskAsync(project, "r1", null);
        for (var call = 0; call < 5; call++)
        {
            await server.UsageAsync(server.Admin, "r1", "busy-agent", 1);
        }

        var refused = await server.Admin.PostAsJsonAsync("/usage", new { task_id = "r1", agent_id = "busy-agent", input_tokens = 1 });
        var other = await server.UsageAsync(server.Admin, "r1", "calm-agent", 1);

        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "agent_id");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("continue", other["decision"]!.GetValue<string>());
        Assert.Equal(6, await server.Store.CountUsageEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_key_over_its_requests_per_minute_gets_429_with_retry_after()
    {
        await using var server = await LiveServer.StartAsync(options => options with { KeyCallsPerMinute = 3 });
        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 5; call++)
        {
            statuses.Add((await server.Admin.GetAsync("/projects")).StatusCode);
        }

        var refused = await server.Admin.GetAsync("/projects");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
    }
}
