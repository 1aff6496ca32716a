using System.Text.Json;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>What a <c>result</c> line said: the end of one answer.</summary>
/// <param name="Usage">The answer's usage; null when the line had none.</param>
/// <param name="CostUsd">The session's cost so far (<c>total_cost_usd</c>), when given.</param>
/// <param name="ApiErrorStatus">The HTTP status of the failed API call that ended it, if one did.</param>
internal sealed record ClaudeResult(bool IsError, string? Subtype, string? Message, TokenUsage? Usage, decimal? CostUsd, int? ApiErrorStatus);

/// <summary>
/// Turns Claude Code's <c>--output-format stream-json</c> lines into agent events as they arrive, and keeps
/// what the end of the attempt needs: session id, the usage each message was metered with, the last result.
/// </summary>
/// <remarks>
/// An <c>assistant</c> line is one content block; a message with several blocks repeats its usage on each, and
/// that usage is the one of <c>message_start</c> (<c>output_tokens</c> 1). So usage is metered once per
/// message id here, and corrected to the final counts when the attempt ends (see <see cref="ClaudeRunner"/>).
/// </remarks>
internal sealed class ClaudeStreamParser(TimeProvider time)
{
    private const int TooManyRequests = 429;

    private readonly Dictionary<string, TokenUsage> _metered = new(StringComparer.Ordinal);

    /// <summary>The pid reported in <see cref="AgentStarted"/>.</summary>
    public int Pid { get; set; }

    public string? SessionId { get; private set; }

    public string? Model { get; private set; }

    /// <summary>The latest <c>result</c> line, if any arrived.</summary>
    public ClaudeResult? Result { get; private set; }

    public int ResultCount { get; private set; }

    /// <summary>The last text block of an assistant message.</summary>
    public string? LastText { get; private set; }

    /// <summary>The usage metered from the stream so far, per message id.</summary>
    public IReadOnlyDictionary<string, TokenUsage> Metered => _metered;

    public TokenUsage MeteredTotal => ClaudeUsage.Sum(_metered.Values);

    public IReadOnlyList<AgentEvent> Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            // Not stream-json (a warning printed to stdout, say): keep it as text.
            return [new AgentText(time.GetUtcNow(), line)];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            return String(root, "type") switch
            {
                "system" => System(root),
                "assistant" => Assistant(root),
                "result" => Finished(root),
                _ => [],
            };
        }
    }

    private List<AgentEvent> System(JsonElement root)
    {
        var now = time.GetUtcNow();
        switch (String(root, "subtype"))
        {
            case "init" when SessionId is null:
                SessionId = String(root, "session_id");
                Model = String(root, "model");
                return [new AgentStarted(now, SessionId, Pid)];
            case "api_retry" when Integer(root, "error_status") == TooManyRequests:
                TimeSpan? delay = root.TryGetProperty("retry_delay_ms", out var ms) && ms.ValueKind == JsonValueKind.Number
                    ? TimeSpan.FromMilliseconds(ms.GetDouble())
                    : null;
                return [new AgentRateLimited(now, delay, ResetsAt(root), GaveUp: false, String(root, "error"))];
            default:
                return [];
        }
    }

    private List<AgentEvent> Assistant(JsonElement root)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var now = time.GetUtcNow();
        List<AgentEvent> events = [];
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (String(block, "type") == "text" && String(block, "text") is { Length: > 0 } text)
                {
                    LastText = text;
                    events.Add(new AgentText(now, text));
                }
            }
        }

        // A message without an id cannot repeat; each such line is its own message.
        var id = String(message, "id") ?? $"line-{_metered.Count}";
        var usage = message.TryGetProperty("usage", out var usageElement) ? ClaudeUsage.Read(usageElement) : TokenUsage.Zero;
        var before = _metered.GetValueOrDefault(id, TokenUsage.Zero);
        var after = ClaudeUsage.Max(before, usage);
        var delta = ClaudeUsage.Beyond(after, before);
        _metered[id] = after;
        if (delta.Total > 0)
        {
            events.Add(new AgentUsage(now, String(message, "model") ?? Model, delta, CostUsd: 0m));
        }

        return events;
    }

    private List<AgentEvent> Finished(JsonElement root)
    {
        var isError = root.TryGetProperty("is_error", out var flag) && flag.ValueKind == JsonValueKind.True;
        TokenUsage? usage = root.TryGetProperty("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
            ? ClaudeUsage.Read(usageElement)
            : null;
        decimal? cost = root.TryGetProperty("total_cost_usd", out var costElement) && costElement.ValueKind == JsonValueKind.Number
            ? costElement.GetDecimal()
            : null;
        var status = Integer(root, "api_error_status");
        var message = String(root, "result");
        Result = new ClaudeResult(isError, String(root, "subtype"), message, usage, cost, status);
        ResultCount++;
        return isError && status == TooManyRequests
            ? [new AgentRateLimited(time.GetUtcNow(), null, ResetsAt(root), GaveUp: true, message)]
            : [];
    }

    // Not in the lines recorded so far, but a reset time is worth keeping when a version reports one.
    private static DateTimeOffset? ResetsAt(JsonElement root) =>
        root.TryGetProperty("resets_at", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
