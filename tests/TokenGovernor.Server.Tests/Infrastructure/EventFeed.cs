using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>The live feed (<c>GET /events</c>) read in the background: every event received, in order.</summary>
public sealed class EventFeed : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private EventFeed(HttpClient http, StreamReader reader)
    {
        _http = http;
        _loop = System.Threading.Tasks.Task.Run(() => ReadAsync(reader));
    }

    public ConcurrentQueue<(string Type, JsonObject Data)> Events { get; } = new();

    public static async Task<EventFeed> OpenAsync(Uri address, string key, string query = "")
    {
        var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events" + query), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();
        return new EventFeed(http, reader);
    }

    /// <summary>The states the feed has shown for a task, in order.</summary>
    public List<string> StatesOf(string taskId) =>
        [.. Events.Where(item => (string?)item.Data["task"] == taskId && item.Data["data"]?["state"] is not null).Select(item => (string)item.Data["data"]!["state"]!)];

    public void Dispose()
    {
        _stop.Cancel();
        _http.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(StreamReader reader)
    {
        string? type = null;
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
                {
                    Events.Enqueue((type, JsonNode.Parse(line["data: ".Length..])!.AsObject()));
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
        }
        finally
        {
            reader.Dispose();
        }
    }
}
