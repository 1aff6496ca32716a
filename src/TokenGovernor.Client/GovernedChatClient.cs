using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TokenGovernor.Client;

/// <summary>Which task and agent a governed chat client reports for.</summary>
public sealed record GovernedChatOptions(string TaskId, string AgentId, string? Framework = "microsoft-extensions-ai");

/// <summary>
/// Middleware for any <see cref="IChatClient"/>: after each response it reports the response's
/// <see cref="UsageDetails"/> to the governor and obeys the answer. <c>pause</c> or <c>stop</c> throws
/// <see cref="BudgetStopException"/> (carrying the response, so its work is not lost) and refuses later calls;
/// <c>request-checkpoint</c> raises <see cref="CheckpointRequested"/> and is put on the response's additional
/// properties under <c>token_gov.decision</c>.
/// </summary>
public sealed class GovernedChatClient(IChatClient inner, TokenGovernorClient governor, GovernedChatOptions options) : DelegatingChatClient(inner)
{
    public const string DecisionProperty = "token_gov.decision";

    private UsageDecision? _stopped;

    /// <summary>Raised when the governor asks the agent to checkpoint: commit its work and summarise.</summary>
    public event EventHandler<UsageDecision>? CheckpointRequested;

    /// <summary>The governor's answer to the last response.</summary>
    public UsageDecision? LastDecision { get; private set; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureAllowed();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var decision = await ReportAsync(response.Usage, response.ModelId ?? options?.ModelId, cancellationToken);
        (response.AdditionalProperties ??= [])[DecisionProperty] = decision.Decision;
        Obey(decision, response);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureAllowed();
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

        var decision = await ReportAsync(usage, model, cancellationToken);
        Obey(decision, updates.ToChatResponse());
    }

    private void EnsureAllowed()
    {
        if (_stopped is { } stopped)
        {
            throw new BudgetStopException(stopped, null);
        }
    }

    private async Task<UsageDecision> ReportAsync(UsageDetails? usage, string? model, CancellationToken cancellationToken)
    {
        var cached = usage?.CachedInputTokenCount ?? 0;
        var decision = await governor.ReportUsageAsync(
            new UsageEvent(
                options.TaskId, options.AgentId, model, Math.Max(0, (usage?.InputTokenCount ?? 0) - cached), usage?.OutputTokenCount ?? 0,
                CacheReadTokens: cached, ReasoningTokens: usage?.ReasoningTokenCount ?? 0, Framework: options.Framework),
            cancellationToken);
        LastDecision = decision;
        return decision;
    }

    private void Obey(UsageDecision decision, ChatResponse response)
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
