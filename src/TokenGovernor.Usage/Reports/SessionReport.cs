namespace TokenGovernor.Usage.Reports;

/// <summary>One row per session (session file, with its subagent files), highest cost first as ccusage 19 sorts them.</summary>
public static class SessionReport
{
    public static List<SessionRow> Build(IEnumerable<UsageEntry> entries, ReportOptions options)
    {
        var days = new DayKeys(options.Zone);
        var groups = new Dictionary<string, (Summary Summary, UsageEntry Latest)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in entries)
        {
            var key = entry.Session.ProjectPath + "/" + entry.Session.SessionId;
            if (!groups.TryGetValue(key, out var group))
            {
                group = (new Summary(), entry);
                order.Add(key);
            }
            else if (entry.TimestampMs > group.Latest.TimestampMs)
            {
                group.Latest = entry;
            }

            group.Summary.Add(entry.Model, entry.Tokens, entry.Cost);
            groups[key] = group;
        }

        var rows = order
            .Select(key => groups[key])
            .Select(group => new SessionRow(group.Latest.Session.SessionId, group.Latest.Session.ProjectPath, group.Summary.Totals,
                days.Of(group.Latest.TimestampMs), group.Summary.ModelsUsed, group.Summary.Breakdowns))
            .Where(row => options.InRange(row.LastActivity));
        var ascending = options.OrderGiven && !options.Descending;
        return ascending ? [.. rows.OrderBy(row => row.Totals.TotalCost)] : [.. rows.OrderByDescending(row => row.Totals.TotalCost)];
    }
}
