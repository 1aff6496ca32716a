using TokenGovernor.Usage.Json;

namespace TokenGovernor.Usage.Reports;

/// <summary>The JSON of <c>ccusage claude daily|weekly|monthly|session|blocks --json</c> (19.0.3): same shapes, field order and number text.</summary>
public static class ReportJson
{
    public static string Daily(IReadOnlyList<UsageRow> rows, bool instances)
    {
        if (rows.Count == 0)
        {
            return "[]";
        }

        var json = new JsJsonWriter().StartObject();
        if (instances && rows.Any(row => row.Project is not null))
        {
            json.Name("projects").StartObject();
            foreach (var project in rows.Select(row => row.Project ?? "unknown").Distinct(StringComparer.Ordinal))
            {
                json.Name(project).StartArray();
                foreach (var row in rows.Where(row => (row.Project ?? "unknown") == project))
                {
                    Row(json, "date", row, withProject: false);
                }

                json.EndArray();
            }

            json.EndObject();
        }
        else
        {
            json.Name("daily").StartArray();
            foreach (var row in rows)
            {
                Row(json, "date", row, withProject: true);
            }

            json.EndArray();
        }

        WriteTotals(json.Name("totals"), Totals.Sum(rows.Select(row => row.Totals)));
        return json.EndObject().ToString();
    }

    /// <param name="name">"weekly" or "monthly".</param>
    public static string Period(string name, IReadOnlyList<UsageRow> rows)
    {
        var key = name == "weekly" ? "week" : "month";
        var json = new JsJsonWriter().StartObject().Name(name).StartArray();
        foreach (var row in rows)
        {
            Row(json, key, row, withProject: true);
        }

        json.EndArray().Name("totals");
        if (rows.Count == 0)
        {
            // ccusage's empty report lists its zero totals in this order.
            json.StartObject().Property("inputTokens", 0).Property("outputTokens", 0).Property("cacheCreationTokens", 0)
                .Property("cacheReadTokens", 0).Property("totalTokens", 0).Property("totalCost", 0).EndObject();
        }
        else
        {
            WriteTotals(json, Totals.Sum(rows.Select(row => row.Totals)));
        }

        return json.EndObject().ToString();
    }

    public static string Sessions(IReadOnlyList<SessionRow> rows)
    {
        if (rows.Count == 0)
        {
            return "[]";
        }

        var json = new JsJsonWriter().StartObject().Name("sessions").StartArray();
        foreach (var row in rows)
        {
            json.StartObject().Property("sessionId", row.SessionId);
            Counts(json, row.Totals);
            json.Property("lastActivity", row.LastActivity).StringArray("modelsUsed", row.ModelsUsed);
            Breakdowns(json, row.Breakdowns);
            json.Property("projectPath", row.ProjectPath).EndObject();
        }

        json.EndArray();
        WriteTotals(json.Name("totals"), Totals.Sum(rows.Select(row => row.Totals)));
        return json.EndObject().ToString();
    }

    /// <param name="tokenLimit">The resolved <c>--token-limit</c> (null when not given or "max" found no finished block).</param>
    public static string Blocks(IReadOnlyList<UsageBlock> blocks, long nowMs, long? tokenLimit)
    {
        if (blocks.Count == 0)
        {
            return """{"blocks":[]}""";
        }

        var json = new JsJsonWriter().StartObject().Name("blocks").StartArray();
        foreach (var block in blocks)
        {
            json.StartObject().Property("id", block.Id).Property("startTime", UsageBlock.Iso(block.StartMs)).Property("endTime", UsageBlock.Iso(block.EndMs))
                .Property("actualEndTime", block.ActualEndMs is { } end ? UsageBlock.Iso(end) : null)
                .Property("isActive", block.IsActive).Property("isGap", block.IsGap).Property("entries", block.Entries)
                .Name("tokenCounts").StartObject().Property("inputTokens", block.InputTokens).Property("outputTokens", block.OutputTokens)
                .Property("cacheCreationInputTokens", block.CacheCreationInputTokens).Property("cacheReadInputTokens", block.CacheReadInputTokens).EndObject()
                .Property("totalTokens", block.TotalTokens).Property("costUSD", block.CostUsd).StringArray("models", block.Models);
            var rate = block.IsActive ? block.BurnRate() : null;
            var projection = block.IsActive ? block.Project(nowMs) : null;
            json.Name("burnRate");
            if (rate is null)
            {
                json.Null();
            }
            else
            {
                json.StartObject().Property("tokensPerMinute", rate.TokensPerMinute).Property("tokensPerMinuteForIndicator", rate.TokensPerMinuteForIndicator)
                    .Property("costPerHour", rate.CostPerHour).EndObject();
            }

            json.Name("projection");
            if (projection is null)
            {
                json.Null();
            }
            else
            {
                json.StartObject().Property("totalTokens", projection.TotalTokens).Property("totalCost", projection.TotalCost)
                    .Property("remainingMinutes", projection.RemainingMinutes).EndObject();
            }

            if (projection is not null && tokenLimit is { } limit)
            {
                var status = projection.TotalTokens > limit ? "exceeds" : projection.TotalTokens > limit * 0.8 ? "warning" : "ok";
                json.Name("tokenLimitStatus").StartObject().Property("limit", limit).Property("projectedUsage", projection.TotalTokens)
                    .Property("percentUsed", projection.TotalTokens / limit * 100).Property("status", status).EndObject();
            }

            if (block.UsageLimitResetMs is { } reset)
            {
                json.Property("usageLimitResetTime", UsageBlock.Iso(reset));
            }

            json.EndObject();
        }

        return json.EndArray().EndObject().ToString();
    }

    private static void Row(JsJsonWriter json, string key, UsageRow row, bool withProject)
    {
        json.StartObject().Property(key, row.Period);
        Counts(json, row.Totals);
        json.StringArray("modelsUsed", row.ModelsUsed);
        Breakdowns(json, row.Breakdowns);
        if (withProject && row.Project is not null)
        {
            json.Property("project", row.Project);
        }

        json.EndObject();
    }

    private static void Counts(JsJsonWriter json, Totals totals) =>
        json.Property("inputTokens", totals.InputTokens).Property("outputTokens", totals.OutputTokens)
            .Property("cacheCreationTokens", totals.CacheCreationTokens).Property("cacheReadTokens", totals.CacheReadTokens)
            .Property("totalTokens", totals.TotalTokens).Property("totalCost", totals.TotalCost);

    private static void Breakdowns(JsJsonWriter json, IReadOnlyList<ModelBreakdown> parts)
    {
        json.Name("modelBreakdowns").StartArray();
        foreach (var part in parts)
        {
            json.StartObject().Property("modelName", part.ModelName).Property("inputTokens", part.InputTokens).Property("outputTokens", part.OutputTokens)
                .Property("cacheCreationTokens", part.CacheCreationTokens).Property("cacheReadTokens", part.CacheReadTokens).Property("cost", part.Cost).EndObject();
        }

        json.EndArray();
    }

    private static void WriteTotals(JsJsonWriter json, Totals totals) =>
        json.StartObject().Property("inputTokens", totals.InputTokens).Property("outputTokens", totals.OutputTokens)
            .Property("cacheCreationTokens", totals.CacheCreationTokens).Property("cacheReadTokens", totals.CacheReadTokens)
            .Property("totalCost", totals.TotalCost).Property("totalTokens", totals.TotalTokens).EndObject();
}
