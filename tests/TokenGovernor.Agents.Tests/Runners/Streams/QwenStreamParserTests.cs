using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.Qwen;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Agents.Tests.Runners.Streams.StreamParserTestKit;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

public sealed class QwenStreamParserTests
{
    private readonly QwenStreamParser _parser = new(TimeProvider.System);

    [Fact]
    public void Each_model_call_is_metered_and_the_result_adds_the_background_request()
    {
        var events = Feed(_parser, QwenSamples.Default);

        Assert.Equal("4a2434cc-0000-4000-8000-000000000001", Assert.IsType<AgentStarted>(events[0]).SessionId);
        Assert.Equal(new TokenUsage(Input: 1500, Output: 57, CacheCreation: 0, CacheRead: 5000, Reasoning: 0), Sum(events));
        // result.usage (6600/77) also counts the memory-extraction request served after the answer.
        Assert.Equal(new TokenUsage(Input: 1600, Output: 77, CacheCreation: 0, CacheRead: 5000, Reasoning: 0), _parser.FinalTotal);
        Assert.Equal("Hello from mock!", _parser.ResultMessage);
        Assert.True(_parser.Completed);
    }

    [Fact]
    public void A_tool_call_turn_is_metered_once_and_equals_the_result()
    {
        var events = Feed(_parser, QwenSamples.Write);

        Assert.Equal("write_file", Assert.Single(events.OfType<AgentToolUse>()).Name);
        Assert.Equal(_parser.FinalTotal, Sum(events));
        Assert.Equal(12992, Sum(events).Total);
    }

    [Fact]
    public void A_429_reported_as_success_with_exit_0_is_still_a_rate_limit()
    {
        var events = Feed(_parser, QwenSamples.RateLimit);

        var limit = Assert.Single(events.OfType<AgentRateLimited>());
        Assert.True(limit.GaveUp);
        Assert.Equal(TimeSpan.FromSeconds(1), limit.RetryAfter);
        Assert.Single(events.OfType<AgentError>());
        Assert.Equal(ServiceFailureKind.RateLimited, _parser.Failure?.Kind);
        Assert.False(_parser.Completed);
    }

    [Fact]
    public void A_stream_cut_short_keeps_the_partial_text_and_is_a_connectivity_failure()
    {
        var events = Feed(_parser, QwenSamples.Disconnect);

        Assert.Equal("Partial answer that gets cut o", Assert.Single(events.OfType<AgentText>()).Text);
        Assert.Equal(ServiceFailureKind.Connectivity, _parser.Failure?.Kind);
        Assert.False(_parser.Completed);
    }
}
