using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Apis;

/// <summary>The model APIs the simulator speaks.</summary>
public enum ApiKind
{
    Anthropic,
    OpenAiResponses,
    OpenAiChat,
    Gemini,
}

/// <summary>A tool the client offered: its name, whether it is a freeform (custom) tool, and its JSON-schema properties.</summary>
public sealed record OfferedTool(string Name, bool IsCustom, JsonObject Properties);

/// <summary>One message of the conversation history: role, text, and the tool-call ids it carries.</summary>
public sealed record HistoryMessage(string Role, string Text, string ToolCallIds);

/// <summary>What the simulator needs to know of a request, whatever API it came through.</summary>
public sealed record ModelRequest(
    ApiKind Api,
    string Model,
    bool Stream,
    IReadOnlyList<OfferedTool> Tools,
    IReadOnlyList<HistoryMessage> Messages,
    string SystemText,
    JsonObject? ResponseSchema,
    bool WantsJson)
{
    public HistoryMessage? LastMessage => Messages.Count == 0 ? null : Messages[^1];

    public string LastUserText => Messages.LastOrDefault(message => message.Role == "user")?.Text ?? string.Empty;

    public static string ApiName(ApiKind api) => api switch
    {
        ApiKind.Anthropic => "anthropic",
        ApiKind.OpenAiResponses => "openai-responses",
        ApiKind.OpenAiChat => "openai-chat",
        _ => "gemini",
    };
}
