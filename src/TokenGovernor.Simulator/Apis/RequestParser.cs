using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TokenGovernor.Simulator.Apis;

/// <summary>Reads the parts of each API's request body that choose and shape the answer.</summary>
internal static partial class RequestParser
{
    public static ModelRequest Parse(ApiKind api, JsonObject body, string modelFromPath) => api switch
    {
        ApiKind.Anthropic => Anthropic(body),
        ApiKind.OpenAiResponses => Responses(body),
        ApiKind.OpenAiChat => Chat(body),
        _ => Gemini(body, modelFromPath),
    };

    private static ModelRequest Anthropic(JsonObject body)
    {
        var tools = Items(body["tools"]).Select(tool => new OfferedTool(Str(tool["name"]), false, Properties(tool["input_schema"]))).ToList();
        var messages = Items(body["messages"]).Select(message =>
        {
            var text = new StringBuilder();
            var ids = new StringBuilder();
            if (message["content"] is JsonValue plain)
            {
                text.Append(plain.ToString());
            }

            foreach (var block in Items(message["content"]))
            {
                text.Append(Str(block["text"]));
                AppendContent(text, block["content"]);
                ids.Append(Str(block["id"])).Append(Str(block["tool_use_id"]));
            }

            return Message(Str(message["role"]), text.ToString(), ids.ToString());
        }).ToList();
        return new ModelRequest(ApiKind.Anthropic, Str(body["model"]), Bool(body["stream"]), tools, messages, ContentText(body["system"]), null, false);
    }

    private static ModelRequest Responses(JsonObject body)
    {
        // Built-in tools (web_search, …) have a type and no name.
        var tools = Items(body["tools"]).Select(tool => new OfferedTool(Str(tool["name"]) is { Length: > 0 } name ? name : Str(tool["type"]), Str(tool["type"]) == "custom", Properties(tool["parameters"]))).ToList();
        var messages = new List<HistoryMessage>();
        if (body["input"] is JsonValue prompt)
        {
            messages.Add(Message("user", prompt.ToString(), string.Empty));
        }

        foreach (var item in Items(body["input"]))
        {
            var type = Str(item["type"]);
            var role = type is "" or "message" ? Str(item["role"]) : type;
            var text = new StringBuilder(ContentText(item["content"]));
            text.Append(Str(item["arguments"])).Append(Str(item["input"]));
            AppendContent(text, item["output"]);
            if (type == "reasoning")
            {
                continue;
            }

            messages.Add(Message(role, text.ToString(), Str(item["call_id"])));
        }

        return new ModelRequest(ApiKind.OpenAiResponses, Str(body["model"]), Bool(body["stream"]), tools, messages, Str(body["instructions"]), null, false);
    }

    private static ModelRequest Chat(JsonObject body)
    {
        var tools = Items(body["tools"]).Select(tool => new OfferedTool(Str(tool["function"]?["name"]), false, Properties(tool["function"]?["parameters"]))).ToList();
        var system = new StringBuilder();
        var messages = new List<HistoryMessage>();
        foreach (var message in Items(body["messages"]))
        {
            var role = Str(message["role"]);
            var text = ContentText(message["content"]);
            if (role is "system" or "developer")
            {
                system.AppendLine(text);
                continue;
            }

            var ids = string.Concat(Items(message["tool_calls"]).Select(call => Str(call["id"]))) + Str(message["tool_call_id"]);
            messages.Add(Message(role, text, ids));
        }

        return new ModelRequest(ApiKind.OpenAiChat, Str(body["model"]), Bool(body["stream"]), tools, messages, system.ToString(), null, false);
    }

    private static ModelRequest Gemini(JsonObject body, string model)
    {
        var tools = Items(body["tools"]).SelectMany(group => Items(group["functionDeclarations"]))
            .Select(tool => new OfferedTool(Str(tool["name"]), false, Properties(tool["parametersJsonSchema"] ?? tool["parameters"]))).ToList();
        var messages = Items(body["contents"]).Select(content =>
        {
            var text = new StringBuilder();
            var ids = new StringBuilder();
            foreach (var part in Items(content["parts"]))
            {
                text.Append(Str(part["text"]));
                if (part["functionCall"] is { } call)
                {
                    ids.Append(Str(call["name"])).Append(call["args"]?.ToJsonString(Json.Wire));
                }

                if (part["functionResponse"] is { } response)
                {
                    ids.Append(Str(response["name"]));
                }
            }

            return Message(Str(content["role"]), text.ToString(), ids.ToString());
        }).ToList();
        var config = body["generationConfig"] as JsonObject;
        var schema = (config?["responseJsonSchema"] ?? config?["responseSchema"]) as JsonObject;
        var wantsJson = schema is not null || Str(config?["responseMimeType"]) == "application/json";
        var system = ContentText(body["systemInstruction"]?["parts"]);
        return new ModelRequest(ApiKind.Gemini, model, false, tools, messages, system, schema, wantsJson);
    }

    private static HistoryMessage Message(string role, string text, string ids) => new(role, SystemReminder().Replace(text, string.Empty).Trim(), ids);

    /// <summary>Text of a content field that is a string, a list of blocks with <c>text</c>, or absent.</summary>
    private static string ContentText(JsonNode? content)
    {
        if (content is JsonValue value)
        {
            return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
        }

        var text = new StringBuilder();
        foreach (var block in Items(content))
        {
            text.Append(Str(block["text"]));
        }

        return text.ToString();
    }

    private static void AppendContent(StringBuilder text, JsonNode? content) => text.Append(ContentText(content));

    private static JsonObject Properties(JsonNode? schema) => schema?["properties"] as JsonObject ?? [];

    internal static IEnumerable<JsonNode> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonNode>() : [];

    internal static string Str(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;

    private static bool Bool(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;

    [GeneratedRegex("<system-reminder>.*?</system-reminder>", RegexOptions.Singleline)]
    private static partial Regex SystemReminder();
}
