using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace TokenGovernor.Client.Tests;

/// <summary>A real <see cref="IChatClient"/> for the Anthropic Messages API over HTTP, just enough for the tests.</summary>
public sealed class MessagesChatClient(HttpClient http, string model) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new
        {
            model = options?.ModelId ?? model,
            max_tokens = 256,
            messages = messages.Select(message => new { role = message.Role == ChatRole.Assistant ? "assistant" : "user", content = message.Text }),
        };
        using var response = await http.PostAsJsonAsync("/v1/messages", request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var usage = body["usage"]!;
        var cacheRead = usage["cache_read_input_tokens"]?.GetValue<long>() ?? 0;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, body["content"]![0]!["text"]!.GetValue<string>()))
        {
            ModelId = body["model"]!.GetValue<string>(),
            Usage = new UsageDetails
            {
                InputTokenCount = usage["input_tokens"]!.GetValue<long>() + cacheRead,
                CachedInputTokenCount = cacheRead,
                OutputTokenCount = usage["output_tokens"]!.GetValue<long>(),
            },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text) { ModelId = response.ModelId };
        yield return new ChatResponseUpdate { Contents = [new UsageContent(response.Usage!)] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
