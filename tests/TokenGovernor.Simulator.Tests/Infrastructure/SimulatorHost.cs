using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>A simulator on a free loopback port, and an HttpClient to talk to it over real HTTP.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private SimulatorHost(SimulatorServer server, string? logPath)
    {
        Server = server;
        LogPath = logPath;
        Client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SimulatorServer Server { get; }

    public HttpClient Client { get; }

    public string? LogPath { get; }

    public IReadOnlyList<JsonObject> Log => Server.Log.Entries.Where(entry => entry["event"] is null).ToList();

    public static async Task<SimulatorHost> StartAsync(string scenarioJson, string? logPath = null)
    {
        var server = await SimulatorServer.StartAsync(ScenarioLoader.Parse(scenarioJson), 0, logPath, TimeProvider.System, CancellationToken.None);
        return new SimulatorHost(server, logPath);
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonObject body, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
    }

    public async Task<JsonObject> PostJsonAsync(string path, JsonObject body, params (string Name, string Value)[] headers)
    {
        using var response = await PostAsync(path, body, headers);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Posts and reads the whole server-sent event stream: (event name, data) pairs.</summary>
    public async Task<List<(string? Event, string Data)>> PostStreamAsync(string path, JsonObject body, params (string Name, string Value)[] headers)
    {
        using var response = await PostAsync(path, body, headers);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("text/event-stream").MediaType, response.Content.Headers.ContentType?.MediaType);
        return Sse.Parse(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Splits a server-sent event stream into events.</summary>
public static class Sse
{
    public static List<(string? Event, string Data)> Parse(string stream)
    {
        var events = new List<(string?, string)>();
        foreach (var block in stream.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new StringBuilder();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
            }

            events.Add((name, data.ToString()));
        }

        return events;
    }

    public static IEnumerable<JsonObject> Json(this IEnumerable<(string? Event, string Data)> events) =>
        events.Where(e => e.Data != "[DONE]").Select(e => JsonNode.Parse(e.Data)!.AsObject());
}
