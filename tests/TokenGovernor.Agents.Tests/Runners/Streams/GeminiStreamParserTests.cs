using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.Gemini;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Agents.Tests.Runners.Streams.StreamParserTestKit;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

public sealed class GeminiStreamParserTests
{
    private readonly GeminiStreamParser _parser = new(TimeProvider.System);

    [Fact]
    public void The_result_stats_give_the_usage_with_thoughts_as_reasoning()
    {
        var events = Feed(_parser, GeminiSamples.Default);

        Assert.Equal("33253f1c-0000-4000-8000-000000000001", Assert.IsType<AgentStarted>(events[0]).SessionId);
        Assert.Equal("Hello from mock!", Assert.Single(events.OfType<AgentText>()).Text);
        var usage = Assert.Single(events.OfType<AgentUsage>());
        Assert.Equal("gemini-2.5-flash", usage.Model);
        Assert.Equal(new TokenUsage(Input: 1500, Output: 57, CacheCreation: 0, CacheRead: 5000, Reasoning: 7), usage.Tokens);
        Assert.Equal(6564, usage.Tokens.Total);
        Assert.True(_parser.Completed);
    }

    [Fact]
    public void Delta_chunks_make_one_text_per_message_around_tool_uses()
    {
        var events = Feed(_parser, GeminiSamples.Write);

        Assert.Equal(["I'll create the file.", "Created hello.txt."], events.OfType<AgentText>().Select(text => text.Text));
        var tool = Assert.Single(events.OfType<AgentToolUse>());
        Assert.Equal("write_file", tool.Name);
        Assert.Contains("hello.txt", tool.Input, StringComparison.Ordinal);
        Assert.Equal(13002, Sum(events).Total);
    }

    [Fact]
    public void Text_still_arriving_when_the_stream_ends_is_reported_at_the_end()
    {
        Feed(_parser, GeminiSamples.Write[0], GeminiSamples.Write[1]);

        Assert.Equal("I'll create ", Assert.IsType<AgentText>(Assert.Single(_parser.End())).Text);
        Assert.Equal("I'll create ", _parser.LastText);
    }

    [Fact]
    public void A_quota_error_result_is_a_rate_limit_with_its_retry_delay()
    {
        var events = Feed(_parser, GeminiSamples.RateLimit);

        var limit = Assert.Single(events.OfType<AgentRateLimited>());
        Assert.True(limit.GaveUp);
        Assert.Equal(TimeSpan.FromSeconds(1), limit.RetryAfter);
        Assert.Equal(ServiceFailureKind.RateLimited, _parser.Failure?.Kind);
        Assert.False(_parser.Completed);
    }

    [Theory]
    [InlineData(173, ServiceFailureKind.RateLimited)]
    [InlineData(247, ServiceFailureKind.ServerError)]
    [InlineData(244, ServiceFailureKind.ServerError)]
    public void Its_exit_codes_for_api_errors_are_service_failures(int exitCode, ServiceFailureKind kind)
    {
        Assert.Equal(kind, GeminiLaunch.ExitFailure(exitCode, GeminiSamples.RateLimitStderr, DateTimeOffset.UnixEpoch)?.Kind);
    }

    [Theory]
    [InlineData(41)]
    [InlineData(55)]
    [InlineData(1)]
    public void Auth_and_trust_exit_codes_are_not_service_failures(int exitCode)
    {
        Assert.Null(GeminiLaunch.ExitFailure(exitCode, "Invalid auth method selected.", DateTimeOffset.UnixEpoch));
    }
}
