using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TokenGovernor.Client.Tests;

/// <summary>
/// A model server on loopback speaking a small part of the Anthropic Messages API (non-streaming
/// <c>POST /v1/messages</c>): every answer reports the usage it was told to.
/// </summary>
public sealed class MockModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private MockModelServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int Calls => _calls;

    public long InputPerCall { get; set; } = 300;

    public long OutputPerCall { get; set; }

    public static async Task<MockModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new MockModelServer(app);
        app.MapPost("/v1/messages", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            var call = Interlocked.Increment(ref server._calls);
            return Results.Json(new
            {
                id = $"msg_{call}",
                type = "message",
                role = "assistant",
                model = body!["model"]!.GetValue<string>(),
                content = new[] { new { type = "text", text = $"answer {call}" } },
                stop_reason = "end_turn",
                usage = new { input_tokens = server.InputPerCall, output_tokens = server.OutputPerCall, cache_read_input_tokens = 0 },
            });
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
