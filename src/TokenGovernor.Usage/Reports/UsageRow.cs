namespace TokenGovernor.Usage.Reports;

/// <summary>One row of a daily, weekly or monthly report (<see cref="Period"/> is the date, week start or month).</summary>
public sealed record UsageRow(string Period, Totals Totals, IReadOnlyList<string> ModelsUsed, IReadOnlyList<ModelBreakdown> Breakdowns, string? Project);

/// <summary>One session: tokens and cost of one session file (and its subagents), with its project path.</summary>
public sealed record SessionRow(string SessionId, string ProjectPath, Totals Totals, string LastActivity, IReadOnlyList<string> ModelsUsed, IReadOnlyList<ModelBreakdown> Breakdowns);

/// <summary>One model's part of a row.</summary>
public sealed record ModelBreakdown(string ModelName, long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, double Cost);

/// <summary>Token and cost sums.</summary>
public sealed record Totals(long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, double TotalCost)
{
    public long TotalTokens => InputTokens + OutputTokens + CacheCreationTokens + CacheReadTokens;

    /// <summary>Sums rows in their printed order, as ccusage's totals do.</summary>
    public static Totals Sum(IEnumerable<Totals> rows)
    {
        long input = 0, output = 0, creation = 0, read = 0;
        double cost = 0;
        foreach (var row in rows)
        {
            input += row.InputTokens;
            output += row.OutputTokens;
            creation += row.CacheCreationTokens;
            read += row.CacheReadTokens;
            cost += row.TotalCost;
        }

        return new Totals(input, output, creation, read, cost);
    }
}
