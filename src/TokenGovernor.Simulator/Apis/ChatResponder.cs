using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>OpenAI Chat Completions: <c>chat.completion.chunk</c> events, a final usage chunk and <c>[DONE]</c>.</summary>
internal sealed class ChatResponder : ApiResponder
{
    public override IEnumerable<SseFrame> Stream(ModelRequest request, Answer answer, string responseId)
    {
        var created = Now();
        SseFrame Chunk(JsonObject? delta, string? finish, TurnUsage? usage = null, bool isDelta = false)
        {
            var chunk = new JsonObject
            {
                ["id"] = responseId,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = request.Model,
                ["choices"] = delta is null && usage is not null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta ?? new JsonObject(), ["finish_reason"] = finish }),
            };
            if (usage is not null)
            {
                chunk["usage"] = Usage(usage);
            }

            return Frame(null, chunk, isDelta);
        }

        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null);
        foreach (var text in answer.TextChunks())
        {
            yield return Chunk(new JsonObject { ["content"] = text }, null, isDelta: true);
        }

        for (var index = 0; index < answer.Calls.Count; index++)
        {
            var call = answer.Calls[index];
            yield return Chunk(new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = index,
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty },
                }),
            }, null);
            yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = call.ArgumentsText } }) }, null, isDelta: true);
        }

        yield return Chunk(new JsonObject(), answer.HasCalls ? "tool_calls" : "stop");
        yield return Chunk(null, null, answer.Usage);
        yield return new SseFrame(null, "[DONE]");
    }

    public override JsonNode Complete(ModelRequest request, Answer answer, string responseId)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = answer.Text };
        if (answer.HasCalls)
        {
            message["tool_calls"] = new JsonArray([.. answer.Calls.Select(call => (JsonNode)new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsText },
            })]);
        }

        return new JsonObject
        {
            ["id"] = responseId,
            ["object"] = "chat.completion",
            ["created"] = Now(),
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = answer.HasCalls ? "tool_calls" : "stop" }),
            ["usage"] = Usage(answer.Usage),
        };
    }

    public override ErrorReply Error(TurnError error, ModelRequest request, int retryAfterSeconds, string requestId) =>
        OpenAiErrors.Reply(error, request.Model, retryAfterSeconds, requestId);

    private static JsonObject Usage(TurnUsage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.OutputTokens,
        ["total_tokens"] = usage.PromptTokens + usage.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CacheReadInputTokens },
        ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens },
    };
}
