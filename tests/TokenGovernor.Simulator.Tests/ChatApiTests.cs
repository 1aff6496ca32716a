using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class ChatApiTests
{
    [Fact]
    public async Task Streamed_chunks_carry_tool_calls_then_a_usage_chunk_then_DONE()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        var events = await sim.PostStreamAsync("/v1/chat/completions", Requests.Chat(stream: true));

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.Json().ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", (string)chunk["object"]!));
        Assert.Equal("I'll create the file.", string.Concat(chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"])));
        var toolCalls = chunks.SelectMany(c => c["choices"]!.AsArray()).Select(choice => choice!["delta"]?["tool_calls"]).OfType<JsonArray>().SelectMany(a => a).ToList();
        Assert.Equal("write_file", (string)toolCalls[0]!["function"]!["name"]!);
        var arguments = JsonNode.Parse(string.Concat(toolCalls.Select(call => (string?)call!["function"]!["arguments"])))!;
        Assert.Equal("/work/repo/hello.txt", (string)arguments["file_path"]!);
        Assert.Equal("tool_calls", (string)chunks[^2]["choices"]![0]!["finish_reason"]!);
        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal(5700, (long)usage["usage"]!["prompt_tokens"]!);
        Assert.Equal(80, (long)usage["usage"]!["completion_tokens"]!);
        Assert.Equal(5780, (long)usage["usage"]!["total_tokens"]!);
        Assert.Equal(4000, (long)usage["usage"]!["prompt_tokens_details"]!["cached_tokens"]!);
        Assert.Equal(10, (long)usage["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!);
    }

    [Fact]
    public async Task Non_streamed_completion_maps_shell_onto_run_shell_command()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Shell);

        var completion = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false));

        Assert.Equal("chat.completion", (string)completion["object"]!);
        var call = completion["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("run_shell_command", (string)call["function"]!["name"]!);
        Assert.Equal("echo hi > x.txt", (string)JsonNode.Parse((string)call["function"]!["arguments"]!)!["command"]!);
    }
}
