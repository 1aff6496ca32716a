using System.Globalization;
using System.Text.Json;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.OpenCode;

/// <summary>
/// Reads <c>opencode run --format json</c> (and Kilo Code's <c>kilo run --format json</c>): every event names the
/// session; <c>text</c>, <c>tool_use</c>, <c>step_finish</c> with <c>part.tokens</c> per model call, and <c>error</c>
/// with the API's status code and response headers.
/// </summary>
internal sealed class OpenCodeStreamParser(TimeProvider time) : AgentStreamParser(time)
{
    // The exit code decides, unless the stream reported an error.
    public override bool Completed => true;

    /// <summary>opencode already splits the kinds: <c>input</c> excludes cache reads, <c>output</c> excludes reasoning.</summary>
    public static TokenUsage ReadUsage(JsonElement tokens)
    {
        var cache = Json.Object(tokens, "cache");
        return new TokenUsage(Json.Long(tokens, "input"), Json.Long(tokens, "output"), Json.Long(cache, "write"), Json.Long(cache, "read"), Json.Long(tokens, "reasoning"));
    }

    protected override void Read(JsonElement root, List<AgentEvent> events)
    {
        Started(events, Json.String(root, "sessionID"));
        var part = Json.Object(root, "part");
        switch (Json.String(root, "type"))
        {
            case "text":
                Text(events, Json.String(part, "text"));
                break;
            case "tool_use":
                ToolUse(events, Json.String(part, "tool"), Json.Raw(Json.Object(part, "state"), "input"));
                break;
            case "step_finish":
                Usage(events, ReadUsage(Json.Object(part, "tokens")), Json.Decimal(part, "cost") ?? 0m);
                break;
            case "error":
                Failed(Json.Object(root, "error"), events);
                break;
        }
    }

    private void Failed(JsonElement error, List<AgentEvent> events)
    {
        var data = Json.Object(error, "data");
        var message = Json.String(data, "message") ?? Json.String(error, "message") ?? Json.String(error, "name") ?? "opencode reported an error";
        var failure = Json.Int(data, "statusCode") is { } status ? ServiceFailureText.FromStatus(status, message, Now) : null;
        if (failure is not null && RetryAfter(Json.Object(data, "responseHeaders")) is { } wait)
        {
            failure = failure with { RetryAfter = wait, ResetsAt = failure.ResetsAt ?? Now + wait };
        }

        Error(events, message, failure);
    }

    private static TimeSpan? RetryAfter(JsonElement headers)
    {
        if (Json.String(headers, "retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return Json.String(headers, "retry-after") is { } seconds && double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? TimeSpan.FromSeconds(value)
            : null;
    }
}
