using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class ConversationTests
{
    private const string Named = """
        {
          "turns": ["default answer"],
          "scenarios": {
            "write": ["named answer", "named second"],
            "limited": {"turns": [{"error": "rate_limit"}], "fallback": "after the limit"}
          },
          "fallback": "all done"
        }
        """;

    [Fact]
    public async Task Scenario_is_chosen_by_path_prefix_header_or_marker_in_the_first_user_message()
    {
        await using var sim = await SimulatorHost.StartAsync(Named);

        var byPrefix = await sim.PostJsonAsync("/s/write/v1/chat/completions", Requests.Chat(stream: false));
        var byHeader = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false, prompt: "other prompt"), ("x-simulator-scenario", "write"));
        var byMarker = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false, prompt: "sim:write please"));
        var byDefault = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false, prompt: "plain"));

        Assert.Equal(["named answer", "named answer", "named answer", "default answer"], new[] { byPrefix, byHeader, byMarker, byDefault }.Select(Text));
        Assert.Equal(["write", "write", "write", "default"], sim.Log.Select(entry => (string)entry["scenario"]!));
    }

    [Fact]
    public async Task Marker_is_found_in_a_later_user_message_when_the_first_one_is_client_context()
    {
        await using var sim = await SimulatorHost.StartAsync(Named);
        var history = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "<system-reminder>context</system-reminder>" },
            new JsonObject { ["role"] = "user", ["content"] = "sim:write create it" });

        var answer = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false, history: history));

        Assert.Equal("named answer", (string)answer["content"]![0]!["text"]!);
    }

    [Fact]
    public async Task Unknown_scenario_is_a_404_problem_that_names_the_known_ones()
    {
        await using var sim = await SimulatorHost.StartAsync(Named);

        using var response = await sim.PostAsync("/s/nope/v1/messages", Requests.Anthropic(stream: false));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!;
        Assert.Contains("\"nope\"", detail);
        Assert.Contains("default, write, limited", detail);
    }

    [Fact]
    public async Task When_the_turns_run_out_the_fallback_turn_is_served()
    {
        await using var sim = await SimulatorHost.StartAsync(Named);

        using var limited = await sim.PostAsync("/s/limited/v1/messages", Requests.Anthropic(stream: false));
        var after = await sim.PostJsonAsync("/s/limited/v1/messages", Requests.Anthropic(stream: false));

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("after the limit", (string)after["content"]![0]!["text"]!);
        Assert.True((bool)sim.Log[1]["fallback"]!);
    }

    [Fact]
    public async Task Concurrent_runs_with_the_same_prompt_are_told_apart_by_their_session_header()
    {
        await using var sim = await SimulatorHost.StartAsync(Named);
        var first = Requests.Chat(stream: false);

        await sim.PostJsonAsync("/s/write/v1/chat/completions", first, ("x-session-id", "a"));
        await sim.PostJsonAsync("/s/write/v1/chat/completions", first, ("x-session-id", "b"));
        var followUp = Requests.Chat(stream: false);
        followUp["messages"]!.AsArray().Add(new JsonObject { ["role"] = "assistant", ["content"] = "named answer" });
        followUp["messages"]!.AsArray().Add(new JsonObject { ["role"] = "user", ["content"] = "go on" });
        var continued = await sim.PostJsonAsync("/s/write/v1/chat/completions", followUp, ("x-session-id", "a"));

        Assert.Equal("named second", Text(continued));
        Assert.Equal(["c1", "c2", "c1"], sim.Log.Select(entry => (string)entry["conversation"]!));
        Assert.Equal([0, 0, 1], sim.Log.Select(entry => (int)entry["turn_index"]!));
    }

    [Fact]
    public async Task Requests_without_tools_and_memory_extraction_requests_are_auxiliary_and_use_no_turn()
    {
        await using var sim = await SimulatorHost.StartAsync("""{"turns": ["the real answer"], "aux": "A title"}""");
        var title = Requests.Chat(stream: false);
        title.Remove("tools");
        var memory = Requests.Chat(stream: false, prompt: "Managed memory directory: /home/u/.qwen/projects/x/memory");

        var titleAnswer = await sim.PostJsonAsync("/v1/chat/completions", title);
        var memoryAnswer = await sim.PostJsonAsync("/v1/chat/completions", memory);
        var real = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false));

        Assert.Equal(["A title", "A title", "the real answer"], new[] { titleAnswer, memoryAnswer, real }.Select(Text));
        Assert.Equal([true, true, false], sim.Log.Select(entry => (bool)entry["aux"]!));
    }

    [Fact]
    public async Task A_turn_with_times_answers_that_many_requests_before_moving_on()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"error": "overloaded", "times": 2}, "finally"]""");

        using var one = await sim.PostAsync("/v1/chat/completions", Requests.Chat(stream: false));
        using var two = await sim.PostAsync("/v1/chat/completions", Requests.Chat(stream: false));
        var three = await sim.PostJsonAsync("/v1/chat/completions", Requests.Chat(stream: false));

        Assert.Equal([503, 503], new[] { (int)one.StatusCode, (int)two.StatusCode });
        Assert.Equal("finally", Text(three));
    }

    [Fact]
    public async Task A_raw_tool_call_uses_the_exact_tool_name_and_input()
    {
        await using var sim = await SimulatorHost.StartAsync("""[{"tool": "Edit", "input": {"file_path": "/abs/a.txt", "old_string": "a", "new_string": "b"}}]""");

        var answer = await sim.PostJsonAsync("/v1/messages", Requests.Anthropic(stream: false));

        Assert.Equal("Edit", (string)answer["content"]![0]!["name"]!);
        Assert.Equal("b", (string)answer["content"]![0]!["input"]!["new_string"]!);
    }

    private static string Text(JsonObject completion) => (string)completion["choices"]![0]!["message"]!["content"]!;
}
