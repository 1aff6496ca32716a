using System.Diagnostics;
using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class FailureModeTests
{
    [Fact]
    public async Task Rate_limit_sends_each_providers_429_body_and_retry_after()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "rate_limit", "retry_after": 7, "times": -1}]""");

        using var anthropic = await sim.PostAsync("/v1/messages", Requests.Anthropic(stream: true));
        using var responses = await sim.PostAsync("/v1/responses", Requests.Responses(stream: true));
        using var chat = await sim.PostAsync("/v1/chat/completions", Requests.Chat(stream: true));
        using var gemini = await sim.PostAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Requests.Gemini());

        foreach (var response in new[] { anthropic, responses, chat, gemini })
        {
            Assert.Equal(429, (int)response.StatusCode);
            Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
        }

        var anthropicBody = await Body(anthropic);
        Assert.Equal("error", (string)anthropicBody["type"]!);
        Assert.Equal("rate_limit_error", (string)anthropicBody["error"]!["type"]!);
        Assert.True(anthropic.Headers.Contains("anthropic-ratelimit-input-tokens-reset"));
        var openAi = await Body(responses);
        Assert.Equal("rate_limit_exceeded", (string)openAi["error"]!["code"]!);
        Assert.Contains("Please try again in 7s.", (string)openAi["error"]!["message"]!);
        Assert.Equal("7000", responses.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("rate_limit_exceeded", (string)(await Body(chat))["error"]!["code"]!);
        var google = (await Body(gemini))["error"]!;
        Assert.Equal("RESOURCE_EXHAUSTED", (string)google["status"]!);
        Assert.Equal("7s", (string)google["details"]!.AsArray().Single(d => (string)d!["@type"]! == "type.googleapis.com/google.rpc.RetryInfo")!["retryDelay"]!);
        Assert.All(sim.Log, entry => Assert.Equal("rate_limit", (string)entry["error"]!));
        Assert.All(sim.Log, entry => Assert.Null(entry["usage"]));
    }

    [Fact]
    public async Task Overloaded_is_529_for_Anthropic_and_503_for_OpenAI_and_Gemini()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "overloaded", "times": -1}]""");

        using var anthropic = await sim.PostAsync("/v1/messages", Requests.Anthropic(stream: false));
        using var chat = await sim.PostAsync("/v1/chat/completions", Requests.Chat(stream: false));
        using var gemini = await sim.PostAsync("/v1beta/models/gemini-2.5-flash:generateContent", Requests.Gemini());

        Assert.Equal(529, (int)anthropic.StatusCode);
        Assert.Equal("overloaded_error", (string)(await Body(anthropic))["error"]!["type"]!);
        Assert.Equal(503, (int)chat.StatusCode);
        Assert.Equal("The server is overloaded or not ready yet.", (string)(await Body(chat))["error"]!["message"]!);
        Assert.Equal(503, (int)gemini.StatusCode);
        Assert.Equal("UNAVAILABLE", (string)(await Body(gemini))["error"]!["status"]!);
    }

    [Fact]
    public async Task Server_error_is_500_and_a_retry_of_the_same_request_gets_the_next_turn()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "server_error"}, "Recovered."]""");

        using var failed = await sim.PostAsync("/v1/responses", Requests.Responses(stream: false));
        var retried = await sim.PostJsonAsync("/v1/responses", Requests.Responses(stream: false));

        Assert.Equal(500, (int)failed.StatusCode);
        Assert.Equal("server_error", (string)(await Body(failed))["error"]!["type"]!);
        Assert.Equal("Recovered.", (string)retried["output"]![0]!["content"]![0]!["text"]!);
        Assert.Equal(["c1", "c1"], sim.Log.Select(entry => (string)entry["conversation"]!));
    }

    [Fact]
    public async Task Hang_before_headers_sends_nothing_then_closes_the_connection()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "hang", "hang_seconds": 1}]""");
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sim.PostAsync("/v1/messages", Requests.Anthropic(stream: true)));

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        await WaitForEventAsync(sim, "hang_ended");
    }

    [Fact]
    public async Task Hang_after_headers_sends_200_headers_and_no_event()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "hang", "phase": "after_headers", "hang_seconds": 1}]""");

        using var response = await sim.PostAsync("/v1/responses", Requests.Responses(stream: true));
        Assert.Equal(200, (int)response.StatusCode);
        var read = new StreamReader(await response.Content.ReadAsStreamAsync());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => read.ReadToEndAsync());
        Assert.True(error is IOException or HttpRequestException, error.ToString());
    }

    [Fact]
    public async Task Hang_mid_stream_sends_part_of_the_stream_and_a_client_giving_up_is_logged()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "hang", "phase": "mid_stream", "hang_seconds": 30, "text": "Some words before the stall"}]""");

        using var response = await sim.PostAsync("/v1/messages", Requests.Anthropic(stream: true));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = string.Empty;
        while (!seen.Contains("text_delta", StringComparison.Ordinal))
        {
            seen += await reader.ReadLineAsync() + "\n";
        }

        response.Dispose();

        Assert.Contains("message_start", seen);
        await WaitForEventAsync(sim, "client_disconnected");
    }

    [Fact]
    public async Task Disconnect_streams_partial_text_then_drops_the_connection()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "disconnect"}, "After the drop."]""");

        using var response = await sim.PostAsync("/v1/chat/completions", Requests.Chat(stream: true));
        var body = new MemoryStream();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => response.Content.CopyToAsync(body));
        var partial = System.Text.Encoding.UTF8.GetString(body.ToArray());
        var retry = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false));

        Assert.True(error is IOException or HttpRequestException, error.ToString());
        Assert.Contains("Partial", partial);
        Assert.DoesNotContain("[DONE]", partial);
        Assert.Equal("After the drop.", (string)retry["choices"]![0]!["message"]!["content"]!);
    }

    [Fact]
    public async Task Slow_turn_waits_before_every_chunk()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"text": "abcdefghijkl", "slow": 0.2, "chunk_chars": 4}]""");
        var clock = Stopwatch.StartNew();

        var events = await sim.PostStreamAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Requests.Gemini());

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.55, 10);
        Assert.Equal(["abcd", "efgh", "ijkl"], events.Json().Take(3).Select(e => (string)e["candidates"]![0]!["content"]!["parts"]![0]!["text"]!));
    }

    private static async Task<JsonObject> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static async Task WaitForEventAsync(SimulatorHost sim, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!sim.Server.Log.Entries.Any(entry => (string?)entry["event"] == name))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {name} event in the request log");
            await Task.Delay(50);
        }
    }
}
