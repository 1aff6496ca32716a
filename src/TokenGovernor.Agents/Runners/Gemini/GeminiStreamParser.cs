using System.Text;
using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Gemini;

/// <summary>
/// Reads <c>gemini --output-format stream-json</c>: <c>init</c> (session id, model), <c>message</c> (assistant text in
/// delta chunks, joined into one text per message), <c>tool_use</c>, <c>result</c> with <c>stats</c> (the run's usage,
/// per model) or an error.
/// </summary>
internal sealed class GeminiStreamParser(TimeProvider time) : AgentStreamParser(time)
{
    private readonly StringBuilder _message = new();
    private bool _succeeded;

    public override bool Completed => _succeeded;

    /// <summary>What the session had spent before this attempt, for a resumed session whose log holds earlier messages.</summary>
    public TokenUsage? Earlier { get; init; }

    public override TokenUsage? SessionLogTotal(IReadOnlyDictionary<string, string?> environment)
    {
        if (GeminiSessionLog.ReadTotal(GeminiSessionLog.PathFor(SessionId, environment)) is not { } total)
        {
            return null;
        }

        var earlier = Earlier ?? TokenUsage.Zero;
        return new TokenUsage(
            Math.Max(0, total.Input - earlier.Input),
            Math.Max(0, total.Output - earlier.Output),
            Math.Max(0, total.CacheCreation - earlier.CacheCreation),
            Math.Max(0, total.CacheRead - earlier.CacheRead),
            Math.Max(0, total.Reasoning - earlier.Reasoning));
    }

    /// <summary>
    /// Gemini's <c>input_tokens</c> include the cached ones (<c>input</c> does not), and <c>total_tokens</c> adds the
    /// thoughts, which have no field of their own: reasoning is what the total has beyond input and output.
    /// </summary>
    public static TokenUsage ReadUsage(JsonElement stats)
    {
        var prompt = Json.Long(stats, "input_tokens");
        var cached = Json.Long(stats, "cached");
        var output = Json.Long(stats, "output_tokens");
        var total = Json.Long(stats, "total_tokens");
        return new TokenUsage(Math.Max(0, prompt - cached), output, 0, cached, Math.Max(0, total - prompt - output));
    }

    public override IReadOnlyList<AgentEvent> End()
    {
        List<AgentEvent> events = [];
        Flush(events);
        return events;
    }

    protected override void Read(JsonElement root, List<AgentEvent> events)
    {
        var type = Json.String(root, "type");
        if (type == "message" && Json.String(root, "role") == "assistant")
        {
            if (!Json.True(root, "delta"))
            {
                Flush(events);
            }

            _message.Append(Json.String(root, "content"));
            return;
        }

        Flush(events);
        switch (type)
        {
            case "init":
                Model = Json.String(root, "model");
                Started(events, Json.String(root, "session_id"));
                break;
            case "tool_use":
                ToolUse(events, Json.String(root, "tool_name"), Json.Raw(root, "parameters"));
                break;
            case "error" when Json.String(root, "message") is { } warning:
                Retrying(events, warning);
                break;
            case "result":
                Result(root, events);
                break;
        }
    }

    private void Result(JsonElement root, List<AgentEvent> events)
    {
        var stats = Json.Object(root, "stats");
        var models = Json.Object(stats, "models");
        if (models.ValueKind == JsonValueKind.Object && models.EnumerateObject().Any())
        {
            foreach (var model in models.EnumerateObject())
            {
                Usage(events, ReadUsage(model.Value), model: model.Name);
            }
        }
        else
        {
            Usage(events, ReadUsage(stats));
        }

        if (Json.String(root, "status") == "success")
        {
            _succeeded = true;
            return;
        }

        var error = Json.Object(root, "error");
        Error(events, Json.String(error, "message") ?? Json.String(root, "status") ?? "the run ended with an error");
    }

    private void Flush(List<AgentEvent> events)
    {
        if (_message.Length > 0)
        {
            Text(events, _message.ToString());
            _message.Clear();
        }
    }
}
