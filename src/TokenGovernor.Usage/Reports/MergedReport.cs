using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Json;

namespace TokenGovernor.Usage.Reports;

/// <summary>One period (or session) of <c>--agent all</c>: Claude Code and Codex summed, in ccusage 19's all-agents row shape.</summary>
public sealed record MergedRow(string Period, string Agent, IReadOnlyList<string> ModelsUsed, Totals Totals, IReadOnlyList<string> Agents);

/// <summary>
/// <c>--agent all</c>: rows of both agents merged per period. Codex's input includes its cached input; here it is split
/// so that <c>inputTokens</c> is uncached input and <c>cacheReadTokens</c> the cached part, and the four kinds add up
/// to <c>totalTokens</c> as they do for Claude (ccusage 19's top-level report counts Codex's cached input twice).
/// </summary>
public static class MergedReport
{
    public static List<MergedRow> Build(IEnumerable<(string Period, Totals Totals, IReadOnlyList<string> Models)> claude,
        IEnumerable<(string Period, Totals Totals, IReadOnlyList<string> Models)> codex, ReportOptions options)
    {
        var groups = new Dictionary<string, (List<Totals> Parts, SortedSet<string> Models, List<string> Agents)>(StringComparer.Ordinal);
        void Add(string agent, IEnumerable<(string Period, Totals Totals, IReadOnlyList<string> Models)> rows)
        {
            foreach (var (period, totals, models) in rows)
            {
                if (!groups.TryGetValue(period, out var group))
                {
                    group = ([], new SortedSet<string>(StringComparer.Ordinal), []);
                    groups[period] = group;
                }

                group.Parts.Add(totals);
                group.Models.UnionWith(models);
                if (!group.Agents.Contains(agent))
                {
                    group.Agents.Add(agent);
                }
            }
        }

        Add("claude", claude);
        Add("codex", codex);
        var rows = groups.Select(pair => new MergedRow(pair.Key, "all", [.. pair.Value.Models], Totals.Sum(pair.Value.Parts), pair.Value.Agents));
        return options.Sort(rows, row => row.Period);
    }

    /// <summary>A Codex row as token kinds that add up: uncached input, output, no cache writes, cached input as cache reads.</summary>
    public static (string Period, Totals Totals, IReadOnlyList<string> Models) FromCodex(CodexRow row) =>
        (row.Period, new Totals(row.Sums.Input - row.Sums.Cached, row.Sums.Output, 0, row.Sums.Cached, row.Cost), [.. row.Models.Select(part => part.Model)]);

    /// <param name="name">"daily", "monthly" or "sessions".</param>
    public static string Json(string name, IReadOnlyList<MergedRow> rows)
    {
        var json = new JsJsonWriter().StartObject().Name(name).StartArray();
        foreach (var row in rows)
        {
            json.StartObject().Property("period", row.Period).Property("agent", row.Agent).StringArray("modelsUsed", row.ModelsUsed);
            Counts(json, row.Totals);
            json.Name("metadata").StartObject().StringArray("agents", row.Agents).EndObject().EndObject();
        }

        json.EndArray().Name("totals").StartObject();
        Counts(json, Totals.Sum(rows.Select(row => row.Totals)));
        return json.EndObject().EndObject().ToString();
    }

    private static void Counts(JsJsonWriter json, Totals totals) =>
        json.Property("inputTokens", totals.InputTokens).Property("outputTokens", totals.OutputTokens).Property("cacheCreationTokens", totals.CacheCreationTokens)
            .Property("cacheReadTokens", totals.CacheReadTokens).Property("totalTokens", totals.TotalTokens).Property("totalCost", totals.TotalCost);
}
