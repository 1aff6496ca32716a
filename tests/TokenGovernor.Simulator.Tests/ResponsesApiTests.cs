using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class ResponsesApiTests
{
    [Fact]
    public async Task Streamed_response_sends_Codex_event_sequence_with_apply_patch_and_usage_details()
    {
        await using var sim = await SimulatorHost.StartAsync(Scenarios.Write);

        var events = await sim.PostStreamAsync("/v1/responses", Requests.Responses(stream: true), ("session-id", "thread-1"));

        var names = events.Select(e => e.Event).ToList();
        Assert.Equal("response.created", names[0]);
        Assert.Equal("response.in_progress", names[1]);
        Assert.Equal("response.completed", names[^1]);
        Assert.Contains("response.output_text.delta", names);
        Assert.Contains("response.custom_tool_call_input.done", names);
        var json = events.Json().ToList();
        Assert.Equal(Enumerable.Range(0, json.Count), json.Select(e => (int)e["sequence_number"]!));
        var text = json.Single(e => (string)e["type"]! == "response.output_text.done");
        Assert.Equal("I'll create the file.", (string)text["text"]!);
        var patch = json.Single(e => (string)e["type"]! == "response.output_item.done" && (string)e["item"]!["type"]! == "custom_tool_call")["item"]!;
        Assert.Equal("apply_patch", (string)patch["name"]!);
        Assert.Equal("*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n", (string)patch["input"]!);
        var usage = json[^1]["response"]!["usage"]!;
        Assert.Equal(5700, (long)usage["input_tokens"]!);
        Assert.Equal(4000, (long)usage["input_tokens_details"]!["cached_tokens"]!);
        Assert.Equal(200, (long)usage["input_tokens_details"]!["cache_write_tokens"]!);
        Assert.Equal(80, (long)usage["output_tokens"]!);
        Assert.Equal(10, (long)usage["output_tokens_details"]!["reasoning_tokens"]!);
        Assert.Equal(5780, (long)usage["total_tokens"]!);
        Assert.Equal("thread-1", (string)sim.Log.Single()["session"]!);
    }

    [Fact]
    public async Task Shell_action_becomes_exec_command_with_the_working_directory_and_reasoning_is_an_item()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"reasoning": "Thinking about it.", "action": "shell", "command": "ls"}]""");

        var response = await sim.PostJsonAsync("/v1/responses", Requests.Responses(stream: false));

        var output = response["output"]!.AsArray();
        Assert.Equal("reasoning", (string)output[0]!["type"]!);
        Assert.Equal("Thinking about it.", (string)output[0]!["summary"]![0]!["text"]!);
        Assert.Equal("function_call", (string)output[1]!["type"]!);
        Assert.Equal("exec_command", (string)output[1]!["name"]!);
        Assert.Equal("""{"cmd":"ls","workdir":"/work/repo"}""", (string)output[1]!["arguments"]!);
        Assert.Null(response["usage"]!["input_tokens_details"]!["cache_write_tokens"]);
        Assert.Equal(100, (long)response["usage"]!["input_tokens"]!);
    }
}
