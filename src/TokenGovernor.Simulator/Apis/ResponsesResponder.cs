using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>The OpenAI Responses API, with the event sequence Codex reads.</summary>
internal sealed class ResponsesResponder : ApiResponder
{
    public override IEnumerable<SseFrame> Stream(ModelRequest request, Answer answer, string responseId)
    {
        var sequence = 0;
        SseFrame Event(string type, JsonObject data, bool delta = false)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            return Frame(type, data, delta);
        }

        yield return Event("response.created", new JsonObject { ["response"] = Response(request, responseId, "in_progress", [], null) });
        yield return Event("response.in_progress", new JsonObject { ["response"] = Response(request, responseId, "in_progress", [], null) });
        var items = Items(answer, responseId);
        for (var index = 0; index < items.Count; index++)
        {
            var done = items[index];
            var id = (string)done["id"]!;
            var added = done.DeepClone().AsObject();
            added["status"] = "in_progress";
            switch ((string)done["type"]!)
            {
                case "message":
                    added["content"] = new JsonArray();
                    yield return Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    yield return Event("response.content_part.added", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["part"] = TextPart(string.Empty) });
                    foreach (var chunk in answer.TextChunks())
                    {
                        yield return Event("response.output_text.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["delta"] = chunk, ["logprobs"] = new JsonArray() }, delta: true);
                    }

                    yield return Event("response.output_text.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["text"] = answer.Text, ["logprobs"] = new JsonArray() });
                    yield return Event("response.content_part.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["part"] = TextPart(answer.Text ?? string.Empty) });
                    break;
                case "function_call":
                    added["arguments"] = string.Empty;
                    yield return Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    yield return Event("response.function_call_arguments.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["delta"] = done["arguments"]!.DeepClone() }, delta: true);
                    yield return Event("response.function_call_arguments.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["arguments"] = done["arguments"]!.DeepClone() });
                    break;
                case "custom_tool_call":
                    added["input"] = string.Empty;
                    yield return Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    yield return Event("response.custom_tool_call_input.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["delta"] = done["input"]!.DeepClone() }, delta: true);
                    yield return Event("response.custom_tool_call_input.done", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["input"] = done["input"]!.DeepClone() });
                    break;
                default:
                    yield return Event("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = added });
                    break;
            }

            yield return Event("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = done.DeepClone() });
        }

        yield return Event("response.completed", new JsonObject { ["response"] = Response(request, responseId, "completed", new JsonArray([.. items]), answer.Usage) });
    }

    public override JsonNode Complete(ModelRequest request, Answer answer, string responseId) =>
        Response(request, responseId, "completed", new JsonArray([.. Items(answer, responseId)]), answer.Usage);

    public override ErrorReply Error(TurnError error, ModelRequest request, int retryAfterSeconds, string requestId) =>
        OpenAiErrors.Reply(error, request.Model, retryAfterSeconds, requestId);

    private static List<JsonObject> Items(Answer answer, string responseId)
    {
        var items = new List<JsonObject>();
        var suffix = responseId["resp_".Length..];
        if (answer.Reasoning is not null)
        {
            items.Add(new JsonObject
            {
                ["id"] = $"rs_{suffix}",
                ["type"] = "reasoning",
                ["summary"] = new JsonArray(new JsonObject { ["type"] = "summary_text", ["text"] = answer.Reasoning }),
            });
        }

        if (answer.Text is not null)
        {
            items.Add(new JsonObject
            {
                ["id"] = $"msg_{suffix}",
                ["type"] = "message",
                ["status"] = "completed",
                ["role"] = "assistant",
                ["content"] = new JsonArray(TextPart(answer.Text)),
            });
        }

        for (var i = 0; i < answer.Calls.Count; i++)
        {
            var call = answer.Calls[i];
            items.Add(call.IsCustom
                ? new JsonObject { ["id"] = $"ctc_{suffix}_{i}", ["type"] = "custom_tool_call", ["status"] = "completed", ["call_id"] = call.Id, ["name"] = call.Name, ["input"] = call.ArgumentsText }
                : new JsonObject { ["id"] = $"fc_{suffix}_{i}", ["type"] = "function_call", ["status"] = "completed", ["call_id"] = call.Id, ["name"] = call.Name, ["arguments"] = call.ArgumentsText });
        }

        return items;
    }

    private static JsonObject TextPart(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    private static JsonObject Response(ModelRequest request, string id, string status, JsonArray output, TurnUsage? usage)
    {
        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = Now(),
            ["status"] = status,
            ["model"] = request.Model,
            ["output"] = output,
            ["usage"] = null,
        };
        if (usage is not null)
        {
            var input = new JsonObject { ["cached_tokens"] = usage.CacheReadInputTokens };
            if (usage.CacheCreationInputTokens > 0)
            {
                input["cache_write_tokens"] = usage.CacheCreationInputTokens;
            }

            response["usage"] = new JsonObject
            {
                ["input_tokens"] = usage.PromptTokens,
                ["input_tokens_details"] = input,
                ["output_tokens"] = usage.OutputTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens },
                ["total_tokens"] = usage.PromptTokens + usage.OutputTokens,
            };
        }

        return response;
    }
}
