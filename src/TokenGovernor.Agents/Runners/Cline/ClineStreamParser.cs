using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Cline;

/// <summary>
/// Reads <c>cline --json</c>: one ClineMessage per line (<c>type</c> "say" or "ask", its subtype in <c>say</c> /
/// <c>ask</c>, <c>text</c>, <c>ts</c>, <c>partial</c> for streaming updates). An <c>api_req_started</c> message carries
/// the request's usage as JSON in its text (<c>tokensIn</c>, <c>tokensOut</c>, <c>cacheWrites</c>, <c>cacheReads</c>,
/// <c>cost</c>) and may be repeated as it fills in, so usage is metered once per message <c>ts</c>, by growth.
/// </summary>
internal sealed class ClineStreamParser(TimeProvider time) : AgentStreamParser(time)
{
    private readonly Dictionary<long, (TokenUsage Usage, decimal Cost)> _requests = [];

    // The exit code decides, unless the stream reported an error.
    public override bool Completed => true;

    protected override void Read(JsonElement root, List<AgentEvent> events)
    {
        Started(events, Json.String(root, "taskId"));
        var type = Json.String(root, "type");
        if (type == "run_result")
        {
            ResultMessage = Json.String(root, "text");
            return;
        }

        var kind = type == "say" ? Json.String(root, "say") : type == "ask" ? Json.String(root, "ask") : null;
        var text = Json.String(root, "text");
        if (kind == "api_req_started")
        {
            Request(root, text, events);
            return;
        }

        if (Json.True(root, "partial"))
        {
            return;
        }

        switch (kind)
        {
            case "text":
                Text(events, text);
                break;
            case "completion_result":
                Text(events, text);
                ResultMessage = text;
                break;
            case "tool":
                ToolUse(events, ToolName(text), text);
                break;
            case "command":
                ToolUse(events, "command", text);
                break;
            case "error" or "api_req_failed" when !string.IsNullOrEmpty(text):
                Error(events, text);
                break;
            case "api_req_retried" when !string.IsNullOrEmpty(text):
                Retrying(events, text);
                break;
        }
    }

    private void Request(JsonElement root, string? text, List<AgentEvent> events)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        JsonElement info;
        try
        {
            using var document = JsonDocument.Parse(text);
            info = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        var ts = root.TryGetProperty("ts", out var stamp) && stamp.TryGetInt64(out var value) ? value : -1;
        var now = new TokenUsage(Json.Long(info, "tokensIn"), Json.Long(info, "tokensOut"), Json.Long(info, "cacheWrites"), Json.Long(info, "cacheReads"), 0);
        var cost = Json.Decimal(info, "cost") ?? 0m;
        var (before, costBefore) = _requests.GetValueOrDefault(ts, (TokenUsage.Zero, 0m));
        var grown = new TokenUsage(
            Math.Max(0, now.Input - before.Input),
            Math.Max(0, now.Output - before.Output),
            Math.Max(0, now.CacheCreation - before.CacheCreation),
            Math.Max(0, now.CacheRead - before.CacheRead),
            0);
        _requests[ts] = (new TokenUsage(Math.Max(now.Input, before.Input), Math.Max(now.Output, before.Output), Math.Max(now.CacheCreation, before.CacheCreation), Math.Max(now.CacheRead, before.CacheRead), 0), Math.Max(cost, costBefore));
        Usage(events, grown, Math.Max(0m, cost - costBefore));
        if (Json.String(info, "streamingFailedMessage") is { Length: > 0 } failed)
        {
            Error(events, failed);
        }
    }

    private static string ToolName(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "tool";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return Json.String(document.RootElement, "tool") ?? "tool";
        }
        catch (JsonException)
        {
            return "tool";
        }
    }
}
