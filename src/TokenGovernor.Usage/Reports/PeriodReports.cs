using System.Globalization;

namespace TokenGovernor.Usage.Reports;

/// <summary>Daily, weekly and monthly reports, built the way ccusage 19 builds them (same grouping, order and sums).</summary>
public static class PeriodReports
{
    public static List<UsageRow> Daily(IEnumerable<UsageEntry> entries, ReportOptions options)
    {
        var days = new DayKeys(options.Zone);
        var grouped = options.ByProject || options.Project is not null;
        var groups = new Dictionary<(string Day, string? Project), Summary>();
        var order = new List<(string Day, string? Project)>();
        (string Day, string? Project) lastKey = default;
        Summary? last = null;
        foreach (var entry in entries)
        {
            var key = (days.Of(entry.TimestampMs), grouped ? entry.Session.Project : null);

            // Entries come in runs of the same day (and project): look the group up only when the run changes.
            if (last is null || !string.Equals(key.Item1, lastKey.Day, StringComparison.Ordinal) || !string.Equals(key.Item2, lastKey.Project, StringComparison.Ordinal))
            {
                if (!groups.TryGetValue(key, out last))
                {
                    last = new Summary();
                    groups[key] = last;
                    order.Add(key);
                }

                lastKey = key;
            }

            last.Add(entry.Model, entry.Tokens, entry.Cost);
        }

        var rows = order
            .Select(key => new UsageRow(key.Day, groups[key].Totals, groups[key].ModelsUsed, groups[key].Breakdowns, key.Project))
            .Where(row => options.InRange(row.Period) && (options.Project is null || row.Project == options.Project));
        return options.Sort(rows, row => row.Period);
    }

    public static List<UsageRow> Monthly(IEnumerable<UsageEntry> entries, ReportOptions options) =>
        FromDaily(Daily(entries, options), options, day => day[..7]);

    public static List<UsageRow> Weekly(IEnumerable<UsageEntry> entries, ReportOptions options) =>
        FromDaily(Daily(entries, options), options, day => WeekStart(day, options.StartOfWeek));

    /// <summary>The first day of the week holding <paramref name="day"/>: calendar arithmetic on the date itself.</summary>
    public static string WeekStart(string day, DayOfWeek startOfWeek)
    {
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var back = ((int)date.DayOfWeek - (int)startOfWeek + 7) % 7;
        return date.AddDays(-back).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static List<UsageRow> FromDaily(List<UsageRow> daily, ReportOptions options, Func<string, string> bucketOf)
    {
        var groups = new Dictionary<(string Bucket, string? Project), Summary>();
        var order = new List<(string Bucket, string? Project)>();
        foreach (var row in daily)
        {
            var key = (bucketOf(row.Period), row.Project);
            if (!groups.TryGetValue(key, out var summary))
            {
                summary = new Summary();
                groups[key] = summary;
                order.Add(key);
            }

            summary.AddRow(row);
        }

        var rows = order.Select(key => new UsageRow(key.Bucket, groups[key].Totals, groups[key].ModelsUsed, groups[key].Breakdowns, key.Project));
        return options.Sort(rows, row => row.Period);
    }
}
