using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Claude;

/// <summary>The lines of ENV-agents.md §4.1, as Claude Code 2.1.197 printed them against the mock (trimmed there too).</summary>
public sealed class ClaudeStreamParserTests
{
    private const string Init = """{"type":"system","subtype":"init","cwd":"/tmp/claude-default/repo","session_id":"c74b5df4-0000-4000-8000-000000000001","model":"claude-opus-4-8[1m]"}""";
    private const string Answer = """{"type":"assistant","message":{"id":"msg_mock0f0c","model":"claude-opus-4-8","content":[{"type":"text","text":"Hello from mock!"}],"usage":{"input_tokens":1200,"cache_creation_input_tokens":300,"cache_read_input_tokens":5000,"output_tokens":1}}}""";
    private const string Result = """{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"Hello from mock!","stop_reason":"end_turn","total_cost_usd":0.0118,"usage":{"input_tokens":1200,"cache_creation_input_tokens":300,"cache_read_input_tokens":5000,"output_tokens":57}}""";
    private const string ToolUse = """{"type":"assistant","message":{"id":"msg_mockc963","model":"claude-opus-4-8","content":[{"type":"tool_use","id":"toolu_mockc963","name":"Write","input":{"file_path":"/repo/hello.txt","content":"hello from the mock\n"}}],"usage":{"input_tokens":1500,"cache_creation_input_tokens":200,"cache_read_input_tokens":4000,"output_tokens":1}}}""";
    private const string ToolResult = """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_mockc963","type":"tool_result","content":"File created successfully at: /repo/hello.txt"}]}}""";
    private const string Retry1 = """{"type":"system","subtype":"api_retry","attempt":1,"max_retries":2,"retry_delay_ms":1000,"error_status":429,"error":"rate_limit","session_id":"adcbb9c0-0000","uuid":"u1"}""";
    private const string Retry2 = """{"type":"system","subtype":"api_retry","attempt":2,"max_retries":2,"retry_delay_ms":1051.42,"error_status":429,"error":"rate_limit","session_id":"adcbb9c0-0000","uuid":"u2"}""";
    private const string Synthetic = """{"type":"assistant","message":{"id":"680f7e18-0000","model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","content":[{"type":"text","text":"API Error: Request rejected (429) · This request would exceed the rate limit for your organization (mock-org) of 30,000 input tokens per minute."}]}}""";
    private const string RateLimitedResult = """{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"duration_ms":2233,"num_turns":1,"result":"API Error: Request rejected (429) · This request would exceed the rate limit","stop_reason":"stop_sequence","total_cost_usd":0,"usage":{"input_tokens":0},"modelUsage":{}}""";

    private readonly ClaudeStreamParser _parser = new(TimeProvider.System) { Pid = 42 };

    [Fact]
    public void Init_starts_the_agent_with_its_session_id()
    {
        var started = Assert.IsType<AgentStarted>(Assert.Single(_parser.Parse(Init)));

        Assert.Equal("c74b5df4-0000-4000-8000-000000000001", started.SessionId);
        Assert.Equal(42, started.Pid);
        Assert.Equal("claude-opus-4-8[1m]", _parser.Model);
    }

    [Fact]
    public void An_answer_gives_its_text_and_its_message_start_usage_and_the_result_its_final_counts()
    {
        _parser.Parse(Init);

        var events = _parser.Parse(Answer);
        var finished = _parser.Parse(Result);

        Assert.Equal("Hello from mock!", Assert.IsType<AgentText>(events[0]).Text);
        var usage = Assert.IsType<AgentUsage>(events[1]);
        Assert.Equal(new TokenUsage(1200, 1, 300, 5000, 0), usage.Tokens);
        Assert.Equal("claude-opus-4-8", usage.Model);
        Assert.Empty(finished);
        Assert.Equal(new ClaudeResult(false, "success", "Hello from mock!", new TokenUsage(1200, 57, 300, 5000, 0), 0.0118m, null), _parser.Result);
    }

    [Fact]
    public void A_message_repeated_for_each_content_block_is_metered_once()
    {
        var events = new[] { ToolUse, ToolUse.Replace("\"tool_use\",\"id\"", "\"tool_use\",\"id2\"", StringComparison.Ordinal), ToolResult }
            .SelectMany(_parser.Parse)
            .ToList();

        Assert.Equal(new TokenUsage(1500, 1, 200, 4000, 0), Assert.IsType<AgentUsage>(Assert.Single(events)).Tokens);
        Assert.Equal(new TokenUsage(1500, 1, 200, 4000, 0), _parser.MeteredTotal);
    }

    [Fact]
    public void Retries_on_429_are_rate_limit_events_and_a_failed_result_ends_rate_limited()
    {
        var events = new[] { Retry1, Retry2, Synthetic, RateLimitedResult }.SelectMany(_parser.Parse).ToList();

        var limited = events.OfType<AgentRateLimited>().ToList();
        Assert.Equal(3, limited.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), limited[0].RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(1051.42), limited[1].RetryAfter);
        Assert.Equal("rate_limit", limited[0].Message);
        Assert.True(limited[2].GaveUp);
        Assert.StartsWith("API Error: Request rejected (429)", Assert.Single(events.OfType<AgentText>()).Text, StringComparison.Ordinal);
        Assert.Empty(events.OfType<AgentUsage>());
        Assert.Equal(new ClaudeResult(true, "success", "API Error: Request rejected (429) · This request would exceed the rate limit", TokenUsage.Zero, 0m, 429), _parser.Result);
    }

    [Fact]
    public void A_line_that_is_not_json_is_kept_as_text_and_blank_lines_are_ignored()
    {
        Assert.Equal("warning: something", Assert.IsType<AgentText>(Assert.Single(_parser.Parse("warning: something"))).Text);
        Assert.Empty(_parser.Parse("   "));
    }
}
