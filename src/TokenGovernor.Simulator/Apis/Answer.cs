using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>A tool call ready to send: the client's tool name, its arguments (JSON for function tools, text for custom ones).</summary>
public sealed record ResolvedCall(string Id, string Name, bool IsCustom, JsonNode? Arguments, string? Input)
{
    /// <summary>The arguments as the wire carries them: a JSON string for function tools, the raw text for custom tools.</summary>
    public string ArgumentsText => IsCustom ? Input ?? string.Empty : Arguments?.ToJsonString(Json.Wire) ?? "{}";

    public JsonObject ToLog() => new()
    {
        ["name"] = Name,
        ["kind"] = IsCustom ? "custom" : "function",
        ["input"] = IsCustom ? Input : Arguments?.DeepClone(),
    };
}

/// <summary>What the model says in one response: text, reasoning summary, tool calls and the usage it reports.</summary>
public sealed record Answer(string? Text, string? Reasoning, IReadOnlyList<ResolvedCall> Calls, TurnUsage Usage, int ChunkChars, double SlowSeconds)
{
    public bool HasCalls => Calls.Count > 0;

    /// <summary>Text split into the chunks a stream sends, one delay before each.</summary>
    public IEnumerable<string> TextChunks()
    {
        var text = Text ?? string.Empty;
        for (var start = 0; start < text.Length; start += ChunkChars)
        {
            yield return text.Substring(start, Math.Min(ChunkChars, text.Length - start));
        }
    }
}
