using TokenGovernor.Usage.Json;

namespace TokenGovernor.Usage.Codex;

/// <summary>The JSON of <c>ccusage codex daily|monthly|session --json</c> (19.0.3): same shapes, field order and number text.</summary>
public static class CodexJson
{
    public static string Report(CodexPeriod period, IReadOnlyList<CodexRow> rows)
    {
        var name = period switch { CodexPeriod.Daily => "daily", CodexPeriod.Monthly => "monthly", _ => "sessions" };
        var json = new JsJsonWriter().StartObject().Name(name).StartArray();
        foreach (var row in rows)
        {
            json.StartObject();
            switch (period)
            {
                case CodexPeriod.Daily:
                    json.Property("date", row.Period);
                    break;
                case CodexPeriod.Monthly:
                    json.Property("month", row.Period);
                    break;
                default:
                    var slash = row.Period.LastIndexOf('/');
                    json.Property("sessionId", row.Period).Property("lastActivity", row.LastActivity)
                        .Property("sessionFile", slash >= 0 ? row.Period[(slash + 1)..] : row.Period)
                        .Property("directory", slash >= 0 ? row.Period[..slash] : "");
                    break;
            }

            Counts(json, row.Sums).Property("costUSD", row.Cost).Name("models").StartObject();
            foreach (var (model, sums) in row.Models)
            {
                Counts(json.Name(model).StartObject(), sums).Property("isFallback", sums.IsFallback).EndObject();
            }

            json.EndObject().EndObject();
        }

        json.EndArray().Name("totals");
        if (rows.Count == 0)
        {
            json.Null();
        }
        else
        {
            var totals = new CodexSums();
            double cost = 0;
            foreach (var row in rows)
            {
                totals.Add(row.Sums.Input, row.Sums.Cached, row.Sums.Output, row.Sums.Reasoning, row.Sums.Total);
                cost += row.Cost;
            }

            Counts(json.StartObject(), totals).Property("costUSD", cost).EndObject();
        }

        return json.EndObject().ToString();
    }

    private static JsJsonWriter Counts(JsJsonWriter json, CodexSums sums) =>
        json.Property("inputTokens", sums.Input).Property("cachedInputTokens", sums.Cached).Property("outputTokens", sums.Output)
            .Property("reasoningOutputTokens", sums.Reasoning).Property("totalTokens", sums.Total);
}
