using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

internal static class StreamParserTestKit
{
    public static List<AgentEvent> Feed(AgentStreamParser parser, params string[] lines) =>
        lines.SelectMany(parser.Parse).ToList();

    public static TokenUsage Sum(IEnumerable<AgentEvent> events) =>
        events.OfType<AgentUsage>().Aggregate(TokenUsage.Zero, (sum, usage) => sum + usage.Tokens);
}
