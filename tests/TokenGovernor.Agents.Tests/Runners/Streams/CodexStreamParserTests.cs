using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Codex;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Agents.Tests.Runners.Streams.StreamParserTestKit;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

public sealed class CodexStreamParserTests
{
    private readonly CodexStreamParser _parser = new(TimeProvider.System) { Pid = 7 };

    [Fact]
    public void A_plain_answer_starts_with_the_thread_id_and_meters_the_turn_once_per_kind()
    {
        var events = Feed(_parser, CodexSamples.Default);

        var started = Assert.IsType<AgentStarted>(events[0]);
        Assert.Equal("01a1ffac-584f-7232-8dc2-8d1529d45fbb", started.SessionId);
        Assert.Equal(7, started.Pid);
        Assert.Equal("Hello from mock!", Assert.Single(events.OfType<AgentText>()).Text);
        // input 6500 includes 5000 cached and 300 written; output 57 includes 7 reasoning: 6557 tokens in all.
        Assert.Equal(new TokenUsage(Input: 1200, Output: 50, CacheCreation: 300, CacheRead: 5000, Reasoning: 7), Sum(events));
        Assert.Equal(6557, Sum(events).Total);
        Assert.True(_parser.Completed);
        Assert.Null(_parser.Failure);
    }

    [Fact]
    public void A_file_change_and_a_command_are_tool_uses_and_the_last_message_is_the_final_text()
    {
        var events = Feed(_parser, [.. CodexSamples.Write, CodexSamples.Shell]);

        Assert.Equal(["file_change", "command_execution"], events.OfType<AgentToolUse>().Select(tool => tool.Name));
        Assert.Contains("hello.txt", events.OfType<AgentToolUse>().First().Input, StringComparison.Ordinal);
        Assert.Equal("Created hello.txt.", _parser.LastText);
        Assert.Equal(12992, Sum(events).Total);
    }

    [Fact]
    public void Reconnecting_after_429_is_a_rate_limit_being_retried_and_the_failed_turn_gives_up()
    {
        var events = Feed(_parser, CodexSamples.RateLimit);

        var limits = events.OfType<AgentRateLimited>().ToList();
        Assert.Equal([false, false, true], limits.Select(limit => limit.GaveUp));
        Assert.Equal(ServiceFailureKind.RateLimited, _parser.Failure?.Kind);
        Assert.Single(events.OfType<AgentError>());
        Assert.False(_parser.Completed);
    }

    [Theory]
    [InlineData(nameof(CodexSamples.Overloaded), ServiceFailureKind.ServerError)]
    [InlineData(nameof(CodexSamples.Disconnect), ServiceFailureKind.Connectivity)]
    public void A_failed_turn_says_what_failed(string sample, ServiceFailureKind kind)
    {
        var lines = sample == nameof(CodexSamples.Overloaded) ? CodexSamples.Overloaded : CodexSamples.Disconnect;

        var events = Feed(_parser, lines);

        Assert.Equal(kind, _parser.Failure?.Kind);
        Assert.Empty(events.OfType<AgentRateLimited>());
        Assert.False(_parser.Completed);
    }
}
