using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Cline;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Agents.Tests.Runners.Streams.StreamParserTestKit;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>
/// Lines built from Cline CLI's documented JSON output (ClineMessage: type say/ask, say/ask subtype, text, ts,
/// partial); not recorded from a real run.
/// </summary>
public sealed class ClineStreamParserTests
{
    private const string Task = """{"type":"say","say":"task","text":"create hello.txt","ts":1760501486000}""";
    private const string RequestPartial = """{"type":"say","say":"api_req_started","text":"{\"request\":\"create hello.txt\"}","ts":1760501486100,"partial":true}""";
    private const string RequestDone = """{"type":"say","say":"api_req_started","text":"{\"request\":\"create hello.txt\",\"tokensIn\":1500,\"tokensOut\":80,\"cacheWrites\":200,\"cacheReads\":4000,\"cost\":0.012}","ts":1760501486100}""";
    private const string RequestAgain = """{"type":"say","say":"api_req_started","text":"{\"request\":\"create hello.txt\",\"tokensIn\":1500,\"tokensOut\":80,\"cacheWrites\":200,\"cacheReads\":4000,\"cost\":0.012}","ts":1760501486100}""";
    private const string Tool = """{"type":"say","say":"tool","text":"{\"tool\":\"newFileCreated\",\"path\":\"hello.txt\",\"content\":\"hello\"}","ts":1760501486200}""";
    private const string Partial = """{"type":"say","say":"text","text":"Creat","ts":1760501486300,"partial":true}""";
    private const string Completion = """{"type":"say","say":"completion_result","text":"Created hello.txt.","ts":1760501486400}""";
    private const string Failed = """{"type":"ask","ask":"api_req_failed","text":"429 Rate limit reached for requests. Please try again in 20s.","ts":1760501486500}""";

    private readonly ClineStreamParser _parser = new(TimeProvider.System);

    [Fact]
    public void A_request_is_metered_once_however_often_it_is_repeated_and_the_completion_is_the_final_message()
    {
        var events = Feed(_parser, Task, RequestPartial, RequestDone, RequestAgain, Tool, Partial, Completion);

        Assert.IsType<AgentStarted>(events[0]);
        Assert.Equal(new TokenUsage(Input: 1500, Output: 80, CacheCreation: 200, CacheRead: 4000, Reasoning: 0), Sum(events));
        Assert.Equal(0.012m, _parser.CostUsd);
        Assert.Equal("newFileCreated", Assert.Single(events.OfType<AgentToolUse>()).Name);
        Assert.Equal("Created hello.txt.", _parser.ResultMessage);
        Assert.DoesNotContain(events.OfType<AgentText>(), text => text.Text == "Creat");
    }

    [Fact]
    public void A_failed_api_request_with_429_is_a_rate_limit()
    {
        var events = Feed(_parser, Task, Failed);

        var limit = Assert.Single(events.OfType<AgentRateLimited>());
        Assert.Equal(TimeSpan.FromSeconds(20), limit.RetryAfter);
        Assert.Equal(ServiceFailureKind.RateLimited, _parser.Failure?.Kind);
    }
}
