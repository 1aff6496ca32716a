using System.Globalization;
using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>The Gemini API: <c>generateContent</c>, and <c>streamGenerateContent?alt=sse</c> as a series of partial responses.</summary>
internal sealed class GeminiResponder : ApiResponder
{
    public override IEnumerable<SseFrame> Stream(ModelRequest request, Answer answer, string responseId)
    {
        foreach (var text in answer.TextChunks())
        {
            yield return Frame(null, Response(request, responseId, [new JsonObject { ["text"] = text }], null, null), delta: true);
        }

        var last = new JsonArray([.. answer.Calls.Select(Call)]);
        if (last.Count == 0 && answer.Text is null)
        {
            last.Add(new JsonObject { ["text"] = string.Empty });
        }

        yield return Frame(null, Response(request, responseId, last, "STOP", answer.Usage));
    }

    public override JsonNode Complete(ModelRequest request, Answer answer, string responseId)
    {
        var parts = new JsonArray();
        if (answer.Text is not null)
        {
            parts.Add(new JsonObject { ["text"] = answer.Text });
        }

        foreach (var call in answer.Calls)
        {
            parts.Add(Call(call));
        }

        return Response(request, responseId, parts, "STOP", answer.Usage);
    }

    public override ErrorReply Error(TurnError error, ModelRequest request, int retryAfterSeconds, string requestId)
    {
        var seconds = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var body = error switch
        {
            TurnError.RateLimit => Body(429, $"You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. Please retry in {seconds}s.", "RESOURCE_EXHAUSTED", new JsonArray(
                new JsonObject
                {
                    ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure",
                    ["violations"] = new JsonArray(new JsonObject
                    {
                        ["quotaMetric"] = "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
                        ["quotaId"] = "GenerateContentInputTokensPerModelPerMinute-FreeTier",
                        ["quotaDimensions"] = new JsonObject { ["location"] = "global", ["model"] = request.Model },
                        ["quotaValue"] = "250000",
                    }),
                },
                new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.Help", ["links"] = new JsonArray(new JsonObject { ["description"] = "Learn more about Gemini API quotas", ["url"] = "https://ai.google.dev/gemini-api/docs/rate-limits" }) },
                new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = seconds + "s" })),
            TurnError.Overloaded => Body(503, "The model is overloaded. Please try again later.", "UNAVAILABLE", null),
            _ => Body(500, "An internal error has occurred. Please retry or try again later.", "INTERNAL", null),
        };
        var headers = new Dictionary<string, string> { ["x-request-id"] = requestId };
        if (error == TurnError.RateLimit)
        {
            headers["retry-after"] = seconds;
        }

        return new ErrorReply((int)body["error"]!["code"]!, headers, body);
    }

    /// <summary>A JSON value that fits <paramref name="schema"/>, for Gemini CLI's structured (router) requests.</summary>
    public static JsonNode FromSchema(JsonNode? schema)
    {
        if (schema?["enum"] is JsonArray { Count: > 0 } choices)
        {
            return choices[0]!.DeepClone();
        }

        var type = RequestParser.Str(schema?["type"]).ToLowerInvariant();
        return type switch
        {
            "object" or "" when schema?["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(property => KeyValuePair.Create(property.Key, (JsonNode?)FromSchema(property.Value)))),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => JsonValue.Create("simulated"),
        };
    }

    private static JsonObject Body(int code, string message, string status, JsonArray? details)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        if (details is not null)
        {
            error["details"] = details;
        }

        return new JsonObject { ["error"] = error };
    }

    private static JsonNode Call(ResolvedCall call) => new JsonObject
    {
        ["functionCall"] = new JsonObject { ["name"] = call.Name, ["args"] = call.Arguments?.DeepClone() ?? new JsonObject() },
    };

    private static JsonObject Response(ModelRequest request, string id, JsonArray parts, string? finish, TurnUsage? usage)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts }, ["index"] = 0 };
        if (finish is not null)
        {
            candidate["finishReason"] = finish;
        }

        var response = new JsonObject { ["candidates"] = new JsonArray(candidate) };
        if (usage is not null)
        {
            response["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = usage.PromptTokens,
                ["candidatesTokenCount"] = usage.OutputTokens,
                ["cachedContentTokenCount"] = usage.CacheReadInputTokens,
                ["thoughtsTokenCount"] = usage.ReasoningTokens,
                ["totalTokenCount"] = usage.PromptTokens + usage.OutputTokens + usage.ReasoningTokens,
            };
        }

        response["modelVersion"] = request.Model;
        response["responseId"] = id;
        return response;
    }
}
