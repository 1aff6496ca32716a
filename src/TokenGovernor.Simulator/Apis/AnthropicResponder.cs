using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>The Anthropic Messages API: SSE message_start … message_stop, or one message object.</summary>
internal sealed class AnthropicResponder : ApiResponder
{
    public override IEnumerable<SseFrame> Stream(ModelRequest request, Answer answer, string responseId)
    {
        var start = Message(request, answer, responseId, []);
        start["stop_reason"] = null;
        // As the real API does, message_start carries the input counts and a first output token; message_delta the final output.
        start["usage"]!["output_tokens"] = 1;
        yield return Frame("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start });
        var index = 0;
        if (answer.Text is not null)
        {
            yield return Frame("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty } });
            foreach (var chunk in answer.TextChunks())
            {
                yield return Frame("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = chunk } }, delta: true);
            }

            yield return Frame("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
            index++;
        }

        foreach (var call in answer.Calls)
        {
            var block = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() };
            yield return Frame("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block });
            yield return Frame("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = call.ArgumentsText } }, delta: true);
            yield return Frame("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
            index++;
        }

        yield return Frame("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(answer), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = answer.Usage.OutputTokens },
        });
        yield return Frame("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    public override JsonNode Complete(ModelRequest request, Answer answer, string responseId)
    {
        var content = new JsonArray();
        if (answer.Text is not null)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = answer.Text });
        }

        foreach (var call in answer.Calls)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = call.Arguments?.DeepClone() ?? new JsonObject() });
        }

        return Message(request, answer, responseId, content);
    }

    public override ErrorReply Error(TurnError error, ModelRequest request, int retryAfterSeconds, string requestId)
    {
        var (status, type, message) = error switch
        {
            TurnError.RateLimit => (429, "rate_limit_error", "This request would exceed the rate limit for your organization (sim-org) of 30,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase."),
            TurnError.Overloaded => (529, "overloaded_error", "Overloaded"),
            _ => (500, "api_error", "Internal server error"),
        };
        var headers = new Dictionary<string, string> { ["request-id"] = requestId, ["x-should-retry"] = "true" };
        if (error == TurnError.RateLimit)
        {
            var reset = DateTimeOffset.UtcNow.AddSeconds(retryAfterSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            headers["retry-after"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["anthropic-ratelimit-input-tokens-limit"] = "30000";
            headers["anthropic-ratelimit-input-tokens-remaining"] = "0";
            headers["anthropic-ratelimit-input-tokens-reset"] = reset;
        }

        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = requestId,
        };
        return new ErrorReply(status, headers, body);
    }

    private static JsonObject Message(ModelRequest request, Answer answer, string id, JsonArray content) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model,
        ["content"] = content,
        ["stop_reason"] = StopReason(answer),
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = answer.Usage.InputTokens,
            ["cache_creation_input_tokens"] = answer.Usage.CacheCreationInputTokens,
            ["cache_read_input_tokens"] = answer.Usage.CacheReadInputTokens,
            ["output_tokens"] = answer.Usage.OutputTokens,
        },
    };

    private static string StopReason(Answer answer) => answer.HasCalls ? "tool_use" : "end_turn";
}
