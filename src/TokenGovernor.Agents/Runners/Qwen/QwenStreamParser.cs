using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Qwen;

/// <summary>
/// Reads <c>qwen -o stream-json</c> (Claude-style: <c>system/init</c>, <c>assistant</c>, <c>result</c>). A failed
/// API call ends the run with exit code 0 and <c>is_error: false</c>: the error is only in the text, as
/// "[API Error: …]", so that text is what marks the attempt failed (ENV-agents.md §4.4 (c)).
/// </summary>
internal sealed class QwenStreamParser(TimeProvider time) : AgentStreamParser(time)
{
    private const string ApiErrorPrefix = "[API Error:";

    private bool _succeeded;
    private TokenUsage? _resultUsage;

    public override bool Completed => _succeeded;

    /// <summary>The result's usage also counts background requests (memory extraction) the stream never shows.</summary>
    public override TokenUsage? FinalTotal => _resultUsage;

    /// <summary><c>input_tokens</c> include the cache reads; reasoning is inside <c>output_tokens</c>.</summary>
    public static TokenUsage ReadUsage(JsonElement usage)
    {
        var input = Json.Long(usage, "input_tokens");
        var cached = Json.Long(usage, "cache_read_input_tokens");
        return new TokenUsage(Math.Max(0, input - cached), Json.Long(usage, "output_tokens"), 0, cached, 0);
    }

    protected override void Read(JsonElement root, List<AgentEvent> events)
    {
        switch (Json.String(root, "type"))
        {
            case "system" when Json.String(root, "subtype") == "init":
                Model = Json.String(root, "model");
                Started(events, Json.String(root, "session_id"));
                break;
            case "assistant":
                Assistant(Json.Object(root, "message"), events);
                break;
            case "result":
                Result(root, events);
                break;
        }
    }

    private void Assistant(JsonElement message, List<AgentEvent> events)
    {
        foreach (var block in Json.Array(message, "content"))
        {
            switch (Json.String(block, "type"))
            {
                case "text" when Json.String(block, "text") is { } text:
                    // A stream cut short ends in the error: "Partial answer that gets cut o[API Error: terminated …]".
                    var error = text.IndexOf(ApiErrorPrefix, StringComparison.Ordinal);
                    Text(events, error < 0 ? text : text[..error]);
                    if (error >= 0)
                    {
                        Error(events, text[error..].Trim());
                    }

                    break;
                case "tool_use":
                    ToolUse(events, Json.String(block, "name"), Json.Raw(block, "input"));
                    break;
            }
        }

        Usage(events, ReadUsage(Json.Object(message, "usage")), model: Json.String(message, "model"));
    }

    private void Result(JsonElement root, List<AgentEvent> events)
    {
        var usage = Json.Object(root, "usage");
        if (usage.ValueKind == JsonValueKind.Object)
        {
            _resultUsage = ReadUsage(usage);
        }

        var text = Json.String(root, "result");
        ResultMessage = text;
        var apiError = text?.Contains(ApiErrorPrefix, StringComparison.Ordinal) == true;
        if (Json.True(root, "is_error") || apiError)
        {
            // The same error was usually in the assistant text already; report it once.
            if (!ReportedError)
            {
                Error(events, text ?? Json.String(root, "subtype") ?? "the run ended with an error");
            }

            return;
        }

        _succeeded = Json.String(root, "subtype") is null or "success";
    }
}
