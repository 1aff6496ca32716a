using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;

namespace TokenGovernor.Server.Tests;

public sealed class LiveFeedTests
{
    [Fact]
    public async Task The_event_feed_delivers_a_pause_within_a_second()
    {
        await using var server = await LiveServer.StartAsync();
        var project = await server.RegisterProjectAsync("live", 10_000);
        await server.RegisterTaskAsync(project, "f1", null);
        using var feed = server.Client(server.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events?types=paused");
        using var response = await feed.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());

        var clock = Stopwatch.StartNew();
        var pause = await server.Admin.PostAsJsonAsync("/tasks/f1/pause", new { reason = "operator" });
        var (type, data) = await NextEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(1));
        clock.Stop();

        Assert.True(pause.IsSuccessStatusCode);
        Assert.Equal("paused", type);
        Assert.Equal("f1", data["task"]!.GetValue<string>());
        Assert.Equal("operator", data["data"]!["reason"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_feed_carries_usage_and_decisions_and_a_project_key_sees_only_its_project()
    {
        await using var server = await LiveServer.StartAsync();
        var mine = await server.RegisterProjectAsync("mine", 10_000);
        var other = await server.RegisterProjectAsync("other", 10_000);
        await server.RegisterTaskAsync(mine, "m1", null);
        await server.RegisterTaskAsync(other, "o1", null);
        using var feed = server.Client(await server.KeyForAsync("project:" + mine));
        using var response = await feed.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events?types=usage,decision"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();

        await server.UsageAsync(server.Admin, "o1", "agent-o", 7);
        await server.UsageAsync(server.Admin, "m1", "agent-m", 5);
        var first = await NextEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(5));
        var second = await NextEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(("usage", "m1"), (first.Type, first.Data["task"]!.GetValue<string>()));
        Assert.Equal(5, first.Data["data"]!["input"]!.GetValue<long>());
        Assert.Equal(("decision", "continue"), (second.Type, second.Data["data"]!["decision"]!.GetValue<string>()));
    }

    private static async Task<(string Type, JsonObject Data)> NextEventAsync(StreamReader reader)
    {
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
            {
                return (type, JsonNode.Parse(line["data: ".Length..])!.AsObject());
            }
        }

        throw new EndOfStreamException("the feed ended");
    }
}
