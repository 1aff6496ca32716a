using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TokenGovernor.Client;

/// <summary>Which task and agent a governed chat client reports for.</summary>
/// <param name="MaxReportWait">
/// How long a report may wait for a governor that asks to be called again later (429 or 503 with
/// <c>Retry-After</c>) before the call gives up with <see cref="UsageNotReportedException"/>; 10 s when null.
/// </param>
public sealed record GovernedChatOptions(string TaskId, string AgentId, string? Framework = "microsoft-extensions-ai", TimeSpan? MaxReportWait = null);

/// <summary>
/// Middleware for any <see cref="IChatClient"/>: after each response it reports the response's
/// <see cref="UsageDetails"/> to the governor and obeys the answer. <c>pause</c> or <c>stop</c> throws
/// <see cref="BudgetStopException"/> (carrying the response, so its work is not lost) and refuses later calls;
/// <c>request-checkpoint</c> raises <see cref="CheckpointRequested"/> and is put on the response's additional
/// properties under <c>token_gov.decision</c>. Each report carries an id, so sending it again never counts it twice:
/// a governor that asks to be called again shortly is waited for; one that stays unavailable ends the call with
/// <see cref="UsageNotReportedException"/> (carrying the response), and the next call reports that usage first.
/// </summary>
public sealed class GovernedChatClient(IChatClient inner, TokenGovernorClient governor, GovernedChatOptions options) : DelegatingChatClient(inner)
{
    public const string DecisionProperty = "token_gov.decision";

    private static readonly TimeSpan DefaultMaxReportWait = TimeSpan.FromSeconds(10);

    private UsageDecision? _stopped;
    private UsageEvent? _unreported;

    /// <summary>Raised when the governor asks the agent to checkpoint: commit its work and summarise.</summary>
    public event EventHandler<UsageDecision>? CheckpointRequested;

    /// <summary>The governor's answer to the last response.</summary>
    public UsageDecision? LastDecision { get; private set; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var decision = await ReportAsync(response.Usage, response.ModelId ?? options?.ModelId, response, cancellationToken);
        (response.AdditionalProperties ??= [])[DecisionProperty] = decision.Decision;
        Obey(decision, response);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var usage = new UsageDetails();
        string? model = options?.ModelId;
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            model = update.ModelId ?? model;
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage.Add(content.Details);
            }

            updates.Add(update);
            yield return update;
        }

        var whole = updates.ToChatResponse();
        var decision = await ReportAsync(usage, model, whole, cancellationToken);
        Obey(decision, whole);
    }

    /// <summary>No model call after a stop, nor before the governor has judged the usage of the last one.</summary>
    private async Task EnsureAllowedAsync(CancellationToken cancellationToken)
    {
        if (_stopped is { } stopped)
        {
            throw new BudgetStopException(stopped, null);
        }

        if (_unreported is { } pending)
        {
            Obey(await SendAsync(pending, null, cancellationToken), null);
        }
    }

    private Task<UsageDecision> ReportAsync(UsageDetails? usage, string? model, ChatResponse response, CancellationToken cancellationToken)
    {
        var cached = usage?.CachedInputTokenCount ?? 0;
        var usageEvent = new UsageEvent(
            options.TaskId, options.AgentId, model, Math.Max(0, (usage?.InputTokenCount ?? 0) - cached), usage?.OutputTokenCount ?? 0,
            CacheReadTokens: cached, ReasoningTokens: usage?.ReasoningTokenCount ?? 0, Id: Guid.CreateVersion7().ToString(), Framework: options.Framework);
        return SendAsync(usageEvent, response, cancellationToken);
    }

    /// <summary>
    /// Reports one event, waiting as asked while the governor answers 429 or 503 with a short enough
    /// <c>Retry-After</c>; otherwise keeps the event for the next call and throws with the response.
    /// </summary>
    private async Task<UsageDecision> SendAsync(UsageEvent usageEvent, ChatResponse? response, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var maxWait = options.MaxReportWait ?? DefaultMaxReportWait;
        while (true)
        {
            try
            {
                var decision = await governor.ReportUsageAsync(usageEvent, cancellationToken);
                _unreported = null;
                LastDecision = decision;
                return decision;
            }
            catch (TokenGovernorException error) when (error.Status is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable)
            {
                var retry = error.RetryAfter ?? TimeSpan.FromSeconds(1);
                if (waited + retry > maxWait)
                {
                    _unreported = usageEvent;
                    throw new UsageNotReportedException(usageEvent, response, error);
                }

                await Task.Delay(retry, cancellationToken);
                waited += retry;
            }
            catch (HttpRequestException error)
            {
                _unreported = usageEvent;
                throw new UsageNotReportedException(usageEvent, response, error);
            }
        }
    }

    private void Obey(UsageDecision decision, ChatResponse? response)
    {
        if (decision.MustStop)
        {
            _stopped = decision;
            throw new BudgetStopException(decision, response);
        }

        if (decision.CheckpointRequested)
        {
            CheckpointRequested?.Invoke(this, decision);
        }
    }
}
