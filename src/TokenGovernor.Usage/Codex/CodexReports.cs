using TokenGovernor.Core.Pricing;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Usage.Codex;

/// <summary>One row of a Codex report (a day, a month or a session), as <c>ccusage codex … --json</c> 19.0.3 builds it.</summary>
public sealed record CodexRow(string Period, string LastActivity, CodexSums Sums, double Cost, IReadOnlyList<(string Model, CodexSums Sums)> Models);

/// <summary>Token sums; <see cref="IsFallback"/> is true when some call used ccusage's fallback model.</summary>
public sealed class CodexSums
{
    public long Input { get; private set; }

    public long Cached { get; private set; }

    public long Output { get; private set; }

    public long Reasoning { get; private set; }

    public long Total { get; private set; }

    public bool IsFallback { get; set; }

    public void Add(long input, long cached, long output, long reasoning, long total)
    {
        Input += input;
        Cached += cached;
        Output += output;
        Reasoning += reasoning;
        Total += total;
    }
}

/// <summary>Which Codex report: rows per day, month or session.</summary>
public enum CodexPeriod
{
    Daily,
    Monthly,
    Session,
}

/// <summary>Codex daily, monthly and session reports: ccusage 19's grouping, order and cost per model aggregate.</summary>
public static class CodexReports
{
    private const double PerMillion = 1e6;

    // ccusage prices these by an older model when the table has no price of their own.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["gpt-5-codex"] = "gpt-5", ["gpt-5.3-codex"] = "gpt-5.2-codex" };

    public static List<CodexRow> Build(IEnumerable<CodexEntry> entries, CodexPeriod period, ReportOptions options, PriceTable prices)
    {
        var days = new DayKeys(options.Zone);
        var groups = new Dictionary<string, (CodexSums Sums, Dictionary<string, CodexSums> Models, List<string> Order, string Last)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in entries)
        {
            var day = days.Of(entry.TimestampMs);
            if (!options.InRange(day))
            {
                continue;
            }

            var key = period switch { CodexPeriod.Session => entry.SessionId, CodexPeriod.Monthly => day[..7], _ => day };
            if (!groups.TryGetValue(key, out var group))
            {
                group = (new CodexSums(), new Dictionary<string, CodexSums>(StringComparer.Ordinal), [], entry.Timestamp);
                order.Add(key);
            }

            group.Sums.Add(entry.Input, entry.Cached, entry.Output, entry.Reasoning, entry.Total);
            if (string.CompareOrdinal(entry.Timestamp, group.Last) > 0)
            {
                group.Last = entry.Timestamp;
            }

            if (!group.Models.TryGetValue(entry.Model, out var sums))
            {
                sums = new CodexSums();
                group.Models[entry.Model] = sums;
                group.Order.Add(entry.Model);
            }

            sums.Add(entry.Input, entry.Cached, entry.Output, entry.Reasoning, entry.Total);
            sums.IsFallback |= entry.IsFallbackModel;
            groups[key] = group;
        }

        var rows = order.Select(key =>
        {
            var group = groups[key];
            var models = group.Order.Select(model => (model, group.Models[model])).ToList();
            var cost = models.Sum(part => Cost(part.Item2, prices, part.model));
            return new CodexRow(key, group.Last, group.Sums, cost, models);
        });
        return period == CodexPeriod.Session
            ? options.Sort(rows, row => row.LastActivity)
            : options.Sort(rows, row => row.Period);
    }

    /// <summary>ccusage's Codex cost: <c>(input − cached)·in + cached·cachedRate + output·out</c>, rates per million as it computes them.</summary>
    public static double Cost(CodexSums sums, PriceTable prices, string model) =>
        Cost(sums.Input, sums.Cached, sums.Output, prices, model);

    public static double Cost(long input, long cached, long output, PriceTable prices, string model)
    {
        var price = PriceOf(prices, model);
        if (price is null)
        {
            return 0;
        }

        var inRate = (price.Input ?? 0) * PerMillion;
        var cachedRate = (price.CacheRead ?? price.Input ?? 0) * PerMillion;
        var outRate = (price.Output ?? 0) * PerMillion;
        return (Math.Max(input - cached, 0) / PerMillion * inRate) + (cached / PerMillion * cachedRate) + (output / PerMillion * outRate);
    }

    private static ModelPrice? PriceOf(PriceTable prices, string model)
    {
        prices.TryFind(model, out var price);
        if ((price is null || !Priced(price)) && Aliases.TryGetValue(model, out var alias) && prices.TryFind(alias, out var aliased) && Priced(aliased))
        {
            price = aliased;
        }

        return price;
    }

    private static bool Priced(ModelPrice price) => (price.Input ?? 0) > 0 || (price.Output ?? 0) > 0 || (price.CacheRead ?? 0) > 0;
}
