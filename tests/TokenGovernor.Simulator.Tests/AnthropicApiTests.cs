using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class AnthropicApiTests
{
    [Fact]
    public async Task Streamed_message_maps_write_file_onto_the_offered_Write_tool_with_usage_in_start_and_delta()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        var events = await sim.PostStreamAsync("/v1/messages?beta=true", Requests.Anthropic(stream: true));

        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Event));
        var json = events.Json().ToList();
        var startUsage = json[0]["message"]!["usage"]!;
        Assert.Equal(1500, (long)startUsage["input_tokens"]!);
        Assert.Equal(4000, (long)startUsage["cache_read_input_tokens"]!);
        Assert.Equal(200, (long)startUsage["cache_creation_input_tokens"]!);
        Assert.Equal(1, (long)startUsage["output_tokens"]!);
        Assert.Equal("I'll create the file.", string.Concat(json.Where(e => (string?)e["delta"]?["type"] == "text_delta").Select(e => (string)e["delta"]!["text"]!)));
        Assert.Equal("Write", (string)json[5]["content_block"]!["name"]!);
        var input = JsonNode.Parse((string)json[6]["delta"]!["partial_json"]!)!;
        Assert.Equal("/work/repo/hello.txt", (string)input["file_path"]!);
        Assert.Equal("hello\n", (string)input["content"]!);
        Assert.Equal("tool_use", (string)json[8]["delta"]!["stop_reason"]!);
        Assert.Equal(80, (long)json[8]["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task Non_streamed_message_is_one_JSON_object_and_the_follow_up_gets_the_next_turn()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        var first = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false));
        var toolUse = first["content"]![1]!;
        var history = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "create hello.txt" },
            new JsonObject { ["role"] = "assistant", ["content"] = first["content"]!.DeepClone() },
            new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = toolUse["id"]!.DeepClone(), ["content"] = "File created" }) });
        var second = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false, history: new JsonArray(history[0]!.DeepClone())));

        Assert.Equal("tool_use", (string)first["stop_reason"]!);
        Assert.Equal("Write", (string)toolUse["name"]!);
        Assert.Equal(80, (long)first["usage"]!["output_tokens"]!);
        // The same prompt again is a new run: it starts at the first turn.
        Assert.Equal("tool_use", (string)second["stop_reason"]!);
        var third = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false, history: history));
        Assert.Equal("Created hello.txt.", (string)third["content"]![0]!["text"]!);
        Assert.Equal([0, 0, 1], sim.Log.Select(entry => (int)entry["turn_index"]!));
        Assert.Equal(["c1", "c2", "c2"], sim.Log.Select(entry => (string)entry["conversation"]!));
    }

    [Fact]
    public async Task Shell_action_becomes_a_Bash_call_with_a_description()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Shell);

        var answer = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false));

        var call = answer["content"]![0]!;
        Assert.Equal("Bash", (string)call["name"]!);
        Assert.Equal("echo hi > x.txt", (string)call["input"]!["command"]!);
        Assert.NotNull(call["input"]!["description"]);
    }

    [Fact]
    public async Task Head_root_count_tokens_and_model_list_answer()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        using var head = await sim.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        var count = await sim.PostJsonAsync("/v1/messages/count_tokens", new JsonObject { ["messages"] = new JsonArray(), ["pad"] = new string('x', 400) });
        using var models = await sim.Client.GetAsync("/v1/models");

        Assert.Equal(200, (int)head.StatusCode);
        Assert.True((long)count["input_tokens"]! >= 100);
        Assert.Contains("claude-opus-4-8", await models.Content.ReadAsStringAsync());
        Assert.DoesNotContain(sim.Log, entry => entry["turn_index"] is not null);
    }
}
