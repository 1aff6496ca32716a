namespace TokenGovernor.Usage.Reports;

/// <summary>
/// ccusage's session blocks: a block starts at its first entry floored to the UTC hour and lasts
/// <see cref="ReportOptions.SessionHours"/>; an entry later than that after the block start, or after the previous
/// entry, starts a new block, with a gap block in between when the pause itself was longer than a block.
/// </summary>
public static class BlocksReport
{
    private const long Hour = 3_600_000;

    /// <param name="entries">Entries in time order (<see cref="Claude.ClaudeUsageLog.InTimeOrder"/>).</param>
    public static List<UsageBlock> Build(IReadOnlyList<UsageEntry> entries, ReportOptions options, long nowMs)
    {
        var blocks = new List<UsageBlock>();
        var length = (long)(options.SessionHours * Hour);
        var current = new List<UsageEntry>();
        long start = 0;
        foreach (var entry in entries)
        {
            var t = entry.TimestampMs;
            if (current.Count == 0)
            {
                start = FloorHour(t);
                current.Add(entry);
                continue;
            }

            var last = current[^1].TimestampMs;
            if (t - start > length || t - last > length)
            {
                blocks.Add(Close(start, current, nowMs, length));
                if (t - last > length)
                {
                    blocks.Add(new UsageBlock { StartMs = last + length, EndMs = t, IsGap = true });
                }

                start = FloorHour(t);
                current = [entry];
            }
            else
            {
                current.Add(entry);
            }
        }

        if (current.Count > 0)
        {
            blocks.Add(Close(start, current, nowMs, length));
        }

        var days = new DayKeys(options.Zone);
        var kept = blocks.Where(block => options.InRange(days.Of(block.StartMs)));
        return options.Descending ? [.. kept.OrderByDescending(block => block.StartMs)] : [.. kept.OrderBy(block => block.StartMs)];
    }

    /// <summary>The largest token total of a finished block: what <c>--token-limit max</c> means.</summary>
    public static long MaxCompletedTokens(IEnumerable<UsageBlock> blocks) =>
        blocks.Where(block => !block.IsGap && !block.IsActive).Select(block => block.TotalTokens).DefaultIfEmpty(0).Max();

    private static long FloorHour(long t) => (long)Math.Floor(t / (double)Hour) * Hour;

    private static UsageBlock Close(long start, List<UsageEntry> entries, long nowMs, long length)
    {
        long input = 0, output = 0, creation = 0, read = 0;
        double cost = 0;
        long? reset = null;
        var models = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            input += entry.Tokens.Input;
            output += entry.Tokens.Output;
            creation += entry.Tokens.CacheCreation;
            read += entry.Tokens.CacheRead;
            cost += entry.Cost;
            if (entry.ResetTimeMs > 0)
            {
                reset = entry.ResetTimeMs;
            }

            var model = entry.Model ?? Summary.Unknown;
            if (seen.Add(model))
            {
                models.Add(model);
            }
        }

        var last = entries[^1].TimestampMs;
        return new UsageBlock
        {
            StartMs = start,
            EndMs = start + length,
            ActualEndMs = last,
            FirstEntryMs = entries[0].TimestampMs,
            IsActive = nowMs - last < length && nowMs < start + length,
            Entries = entries.Count,
            InputTokens = input,
            OutputTokens = output,
            CacheCreationInputTokens = creation,
            CacheReadInputTokens = read,
            CostUsd = cost,
            Models = models,
            UsageLimitResetMs = reset,
        };
    }
}
