using System.Text.Json;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Streaming;

/// <summary>
/// Turns one agent CLI's JSON-lines output into agent events as the lines arrive, and keeps what the end of the
/// attempt needs: session id, usage metered so far, final message, whether the agent reported success, and the
/// model-service failure that ended it. Each CLI's parser reads its own event shapes in <see cref="Read"/>.
/// </summary>
internal abstract class AgentStreamParser(TimeProvider time)
{
    private bool _started;

    /// <summary>The pid reported in <see cref="AgentStarted"/>.</summary>
    public int Pid { get; set; }

    public string? SessionId { get; protected set; }

    public string? Model { get; protected set; }

    /// <summary>The last text the agent produced.</summary>
    public string? LastText { get; private set; }

    /// <summary>The agent's final answer when it reports one apart from its texts.</summary>
    public string? ResultMessage { get; protected set; }

    /// <summary>Whether the stream so far says the work ended well; each CLI decides what counts.</summary>
    public abstract bool Completed { get; }

    /// <summary>True once the agent reported an error of any kind.</summary>
    public bool ReportedError { get; private set; }

    /// <summary>The model-service failure that ended the attempt, if the stream reported one.</summary>
    public ServiceFailure? Failure { get; private set; }

    /// <summary>The usage metered from the stream so far.</summary>
    public TokenUsage Tokens { get; private set; } = TokenUsage.Zero;

    public decimal CostUsd { get; private set; }

    /// <summary>
    /// The attempt's total as the agent's own final account gives it (e.g. a result line that also counts
    /// background requests), when it gives one; the runner meters what it has beyond the stream.
    /// </summary>
    public virtual TokenUsage? FinalTotal => null;

    /// <summary>
    /// The attempt's total from the agent's own session log once it has exited, for CLIs that report usage only at
    /// the end of a turn: an attempt stopped before then still counts what the model served. Null without a log.
    /// </summary>
    public virtual TokenUsage? SessionLogTotal(IReadOnlyDictionary<string, string?> environment) => null;

    protected DateTimeOffset Now => time.GetUtcNow();

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
            // Not JSON (a warning printed to stdout, say): keep it as text.
            return [new AgentText(Now, line)];
        }

        using (document)
        {
            List<AgentEvent> events = [];
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                Read(document.RootElement, events);
            }

            return events;
        }
    }

    /// <summary>The stream has ended: events held back for more input (e.g. text still arriving in chunks).</summary>
    public virtual IReadOnlyList<AgentEvent> End() => [];

    protected abstract void Read(JsonElement root, List<AgentEvent> events);

    /// <summary>Reports the start once: on the first event that names the session, or the first event at all.</summary>
    protected void Started(List<AgentEvent> events, string? sessionId)
    {
        SessionId ??= sessionId;
        if (!_started)
        {
            _started = true;
            events.Add(new AgentStarted(Now, SessionId, Pid));
        }
    }

    protected void Text(List<AgentEvent> events, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            LastText = text;
            events.Add(new AgentText(Now, text));
        }
    }

    protected void ToolUse(List<AgentEvent> events, string? name, string? input)
    {
        if (!string.IsNullOrEmpty(name))
        {
            events.Add(new AgentToolUse(Now, name, input));
        }
    }

    protected void Usage(List<AgentEvent> events, TokenUsage usage, decimal cost = 0m, string? model = null)
    {
        if (usage.Total == 0 && cost == 0m)
        {
            return;
        }

        Tokens += usage;
        CostUsd += cost;
        events.Add(new AgentUsage(Now, model ?? Model, usage, cost));
    }

    /// <summary>
    /// An error the agent reported. When it is a model-service failure (from <paramref name="failure"/> or the
    /// message) the attempt ends with it; a rate limit is also reported as given up.
    /// </summary>
    protected void Error(List<AgentEvent> events, string message, ServiceFailure? failure = null)
    {
        ReportedError = true;
        failure ??= ServiceFailureText.Classify(message, Now);
        if (failure is not null)
        {
            Failure = failure;
            if (failure.Kind == ServiceFailureKind.RateLimited)
            {
                events.Add(new AgentRateLimited(Now, failure.RetryAfter, failure.ResetsAt, GaveUp: true, failure.Message));
            }
        }

        events.Add(new AgentError(Now, message, failure));
    }

    /// <summary>The agent was refused and is retrying by itself: a rate limit is reported as not given up.</summary>
    protected void Retrying(List<AgentEvent> events, string message)
    {
        if (ServiceFailureText.Classify(message, Now) is { Kind: ServiceFailureKind.RateLimited } limit)
        {
            events.Add(new AgentRateLimited(Now, limit.RetryAfter, limit.ResetsAt, GaveUp: false, limit.Message));
        }
    }
}
