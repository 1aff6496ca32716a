using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class GeminiApiTests
{
    [Fact]
    public async Task Stream_generate_content_with_alt_sse_sends_text_then_a_function_call_with_usage_metadata()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        var events = await sim.PostStreamAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Requests.Gemini());

        var chunks = events.Json().ToList();
        var parts = chunks.SelectMany(c => c["candidates"]![0]!["content"]!["parts"]!.AsArray()).ToList();
        Assert.Equal("I'll create the file.", string.Concat(parts.Select(p => (string?)p!["text"])));
        var call = parts.Single(p => p!["functionCall"] is not null)!["functionCall"]!;
        Assert.Equal("write_file", (string)call["name"]!);
        Assert.Equal("/work/repo/hello.txt", (string)call["args"]!["file_path"]!);
        var last = chunks[^1];
        Assert.Equal("STOP", (string)last["candidates"]![0]!["finishReason"]!);
        var usage = last["usageMetadata"]!;
        Assert.Equal(5700, (long)usage["promptTokenCount"]!);
        Assert.Equal(80, (long)usage["candidatesTokenCount"]!);
        Assert.Equal(4000, (long)usage["cachedContentTokenCount"]!);
        Assert.Equal(10, (long)usage["thoughtsTokenCount"]!);
        Assert.Equal(5790, (long)usage["totalTokenCount"]!);
        Assert.Equal("gemini-2.5-flash", (string)sim.Log.Single()["model"]!);
    }

    [Fact]
    public async Task Generate_content_answers_with_one_response_and_count_tokens_answers()
    {
        await using var sim = await SimulatorHost.StartAsync("""["Hello from the simulator!"]""");

        var response = await sim.PostJsonAsync("/v1beta/models/gemini-2.5-flash:generateContent", Requests.Gemini("say hi"));
        var count = await sim.PostJsonAsync("/v1beta/models/gemini-2.5-flash:countTokens", Requests.Gemini("say hi"));

        Assert.Equal("Hello from the simulator!", (string)response["candidates"]![0]!["content"]!["parts"]![0]!["text"]!);
        Assert.Equal(120, (long)response["usageMetadata"]!["totalTokenCount"]!);
        Assert.True((long)count["totalTokens"]! > 0);
    }

    [Fact]
    public async Task Structured_router_request_is_auxiliary_and_gets_JSON_that_fits_the_schema()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);
        var body = Requests.Gemini("classify this");
        body["generationConfig"] = new JsonObject
        {
            ["responseMimeType"] = "application/json",
            ["responseJsonSchema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["complexity_reasoning"] = new JsonObject { ["type"] = "string" },
                    ["complexity_score"] = new JsonObject { ["type"] = "integer" },
                },
            },
        };

        var response = await sim.PostJsonAsync("/v1beta/models/gemini-flash-lite:generateContent", body);
        var real = await sim.PostJsonAsync("/v1beta/models/gemini-2.5-flash:generateContent", Requests.Gemini());

        var answer = JsonNode.Parse((string)response["candidates"]![0]!["content"]!["parts"]![0]!["text"]!)!;
        Assert.Equal(1, (int)answer["complexity_score"]!);
        Assert.True((bool)sim.Log[0]["aux"]!);
        // The auxiliary request did not use up the first turn.
        Assert.Equal("write_file", (string)real["candidates"]![0]!["content"]!["parts"]![1]!["functionCall"]!["name"]!);
    }
}
