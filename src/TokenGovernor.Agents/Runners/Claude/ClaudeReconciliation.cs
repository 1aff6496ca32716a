using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>What an attempt really spent, from the three accounts Claude Code gives of it.</summary>
internal static class ClaudeReconciliation
{
    /// <summary>
    /// The attempt's total, so that it equals what the model served even when the agent was stopped before
    /// its <c>result</c>:
    /// <list type="number">
    /// <item>With a session log, each message counts with its final usage from the log; a message seen in the
    /// stream but not (yet) in the log counts with its streamed usage, since its input was served.</item>
    /// <item>Without a log, the <c>result</c> line's usage.</item>
    /// <item>Without either, what the stream reported.</item>
    /// </list>
    /// Every account can only fall short of what was served (the stream has message-start counts, a log may miss a
    /// message still being written), so kind by kind the total is never below what was already metered from the
    /// stream: the correction that follows is never negative, and no reported total ever goes down.
    /// </summary>
    public static TokenUsage Total(
        IReadOnlyDictionary<string, TokenUsage> metered,
        IReadOnlyDictionary<string, TokenUsage>? logged,
        TokenUsage? resultUsage)
    {
        var streamed = ClaudeUsage.Sum(metered.Values);
        if (logged is not null)
        {
            var total = TokenUsage.Zero;
            foreach (var id in metered.Keys.Union(logged.Keys))
            {
                total += ClaudeUsage.Max(metered.GetValueOrDefault(id, TokenUsage.Zero), logged.GetValueOrDefault(id, TokenUsage.Zero));
            }

            return total;
        }

        return resultUsage is { } fromResult ? ClaudeUsage.Max(fromResult, streamed) : streamed;
    }
}
