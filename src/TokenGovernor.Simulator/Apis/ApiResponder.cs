using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>One server-sent event; <see cref="Delta"/> marks the chunks a slow turn waits before.</summary>
public readonly record struct SseFrame(string? Event, string Data, bool Delta = false)
{
    public string Wire => Event is null ? $"data: {Data}\n\n" : $"event: {Event}\ndata: {Data}\n\n";
}

/// <summary>An error response exactly as the provider sends it: status, headers and JSON body.</summary>
public sealed record ErrorReply(int Status, IReadOnlyDictionary<string, string> Headers, JsonNode Body);

/// <summary>Writes answers and errors in one provider's wire format.</summary>
public abstract class ApiResponder
{
    public abstract IEnumerable<SseFrame> Stream(ModelRequest request, Answer answer, string responseId);

    public abstract JsonNode Complete(ModelRequest request, Answer answer, string responseId);

    public abstract ErrorReply Error(TurnError error, ModelRequest request, int retryAfterSeconds, string requestId);

    public static ApiResponder For(ApiKind api) => api switch
    {
        ApiKind.Anthropic => new AnthropicResponder(),
        ApiKind.OpenAiResponses => new ResponsesResponder(),
        ApiKind.OpenAiChat => new ChatResponder(),
        _ => new GeminiResponder(),
    };

    protected static SseFrame Frame(string? name, JsonObject data, bool delta = false) => new(name, data.ToJsonString(Json.Wire), delta);

    protected static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
