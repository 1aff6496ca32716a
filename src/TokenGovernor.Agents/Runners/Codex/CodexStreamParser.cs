using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Codex;

/// <summary>
/// Reads <c>codex exec --json</c>: <c>thread.started</c> (session id), <c>item.*</c> (messages, commands, file
/// changes), <c>turn.completed</c> (usage), <c>turn.failed</c> and <c>error</c> ("Reconnecting... n/m" while it retries).
/// </summary>
internal sealed class CodexStreamParser(TimeProvider time) : AgentStreamParser(time)
{
    /// <summary>What the thread had spent before this attempt (a resumed thread's log counts earlier attempts too).</summary>
    public TokenUsage? Earlier { get; init; }

    private bool _turnCompleted;
    private bool _turnFailed;
    private string? _lastError;

    public override bool Completed => _turnCompleted && !_turnFailed;

    /// <summary>
    /// Codex counts cached and cache-written input inside <c>input_tokens</c>, and reasoning inside
    /// <c>output_tokens</c>; each kind is counted once here, so the total is what the model served.
    /// </summary>
    public static TokenUsage ReadUsage(JsonElement usage)
    {
        var input = Json.Long(usage, "input_tokens");
        var cached = Json.Long(usage, "cached_input_tokens");
        var written = Json.Long(usage, "cache_write_input_tokens");
        var output = Json.Long(usage, "output_tokens");
        var reasoning = Json.Long(usage, "reasoning_output_tokens");
        return new TokenUsage(
            Math.Max(0, input - cached - written),
            Math.Max(0, output - reasoning),
            written,
            cached,
            reasoning);
    }

    public override TokenUsage? SessionLogTotal(IReadOnlyDictionary<string, string?> environment) =>
        CodexSessionLog.ReadTotal(CodexSessionLog.PathFor(SessionId, environment)) is { } total
            ? Earlier is { } earlier ? Less(total, earlier) : total
            : null;

    private static TokenUsage Less(TokenUsage total, TokenUsage earlier) => new(
        Math.Max(0, total.Input - earlier.Input),
        Math.Max(0, total.Output - earlier.Output),
        Math.Max(0, total.CacheCreation - earlier.CacheCreation),
        Math.Max(0, total.CacheRead - earlier.CacheRead),
        Math.Max(0, total.Reasoning - earlier.Reasoning));

    protected override void Read(JsonElement root, List<AgentEvent> events)
    {
        switch (Json.String(root, "type"))
        {
            case "thread.started":
                Started(events, Json.String(root, "thread_id"));
                break;
            case "turn.started":
                Started(events, null);
                break;
            case "item.completed":
                Item(Json.Object(root, "item"), events);
                break;
            case "turn.completed":
                _turnCompleted = true;
                Usage(events, ReadUsage(Json.Object(root, "usage")));
                break;
            case "turn.failed":
                _turnFailed = true;
                var failure = Json.String(Json.Object(root, "error"), "message") ?? "turn failed";
                if (failure != _lastError)
                {
                    Error(events, failure);
                }

                break;
            case "error" when Json.String(root, "message") is { } message:
                if (message.StartsWith("Reconnecting", StringComparison.Ordinal))
                {
                    Retrying(events, message);
                }
                else
                {
                    _lastError = message;
                    Error(events, message);
                }

                break;
        }
    }

    private void Item(JsonElement item, List<AgentEvent> events)
    {
        switch (Json.String(item, "type"))
        {
            case "agent_message":
                Text(events, Json.String(item, "text"));
                break;
            case "command_execution":
                ToolUse(events, "command_execution", Json.String(item, "command"));
                break;
            case "file_change":
                ToolUse(events, "file_change", Json.Raw(item, "changes"));
                break;
            case "mcp_tool_call":
                ToolUse(events, Json.String(item, "tool") ?? "mcp_tool_call", Json.Raw(item, "arguments"));
                break;
            case "web_search":
                ToolUse(events, "web_search", Json.String(item, "query"));
                break;
        }
    }
}
