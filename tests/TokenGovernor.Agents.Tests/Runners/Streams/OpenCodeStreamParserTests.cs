using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.OpenCode;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Agents.Tests.Runners.Streams.StreamParserTestKit;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

public sealed class OpenCodeStreamParserTests
{
    private readonly OpenCodeStreamParser _parser = new(TimeProvider.System);

    [Fact]
    public void Step_finish_tokens_are_metered_as_they_come()
    {
        var events = Feed(_parser, OpenCodeSamples.Default);

        Assert.Equal("ses_e0052dc3affeSgOHlgShnUesrk", Assert.IsType<AgentStarted>(events[0]).SessionId);
        Assert.Single(events.OfType<AgentStarted>());
        Assert.Equal(new TokenUsage(Input: 1500, Output: 50, CacheCreation: 0, CacheRead: 5000, Reasoning: 7), Sum(events));
        Assert.Equal(6557, Sum(events).Total);
        Assert.Equal("Hello from mock!", _parser.LastText);
    }

    [Fact]
    public void Each_step_counts_with_its_cost_and_the_tool_call_is_reported()
    {
        var events = Feed(_parser, OpenCodeSamples.Write);

        Assert.Equal(2, events.OfType<AgentUsage>().Count());
        Assert.Equal(5780 + 7212, Sum(events).Total);
        Assert.Equal(0.0125m, _parser.CostUsd);
        var tool = Assert.Single(events.OfType<AgentToolUse>());
        Assert.Equal("write", tool.Name);
        Assert.Contains("filePath", tool.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_error_with_status_429_is_a_rate_limit_with_the_retry_after_header()
    {
        var events = Feed(_parser, OpenCodeSamples.RateLimit);

        var limit = Assert.Single(events.OfType<AgentRateLimited>());
        Assert.Equal(TimeSpan.FromMilliseconds(1000), limit.RetryAfter);
        Assert.NotNull(limit.ResetsAt);
        Assert.Equal(ServiceFailureKind.RateLimited, _parser.Failure?.Kind);
        Assert.True(_parser.ReportedError);
    }

    [Fact]
    public void Status_503_is_a_server_error_and_a_closed_socket_a_connectivity_failure()
    {
        Feed(_parser, OpenCodeSamples.Overloaded);
        Assert.Equal(ServiceFailureKind.ServerError, _parser.Failure?.Kind);

        var other = new OpenCodeStreamParser(TimeProvider.System);
        Feed(other, OpenCodeSamples.Disconnect);
        Assert.Equal(ServiceFailureKind.Connectivity, other.Failure?.Kind);
    }
}
