using System.Data.Common;
using System.Globalization;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

public sealed partial class GovernorService
{
    /// <summary>
    /// Records usage events reported from outside and answers each with the governor's decision and what is left of
    /// every budget above its task. The whole request is checked before anything is recorded, so a bad event in a
    /// batch records none of it.
    /// </summary>
    public async Task<UsageResponse> RecordUsageAsync(ServiceCaller caller, IReadOnlyList<UsageEventRequest> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw ServiceException.BadField("events", "give at least one usage event");
        }

        var checkedEvents = new List<(UsageEventRequest Request, GovernedScope Scope, string AgentId, TokenUsage Tokens)>(events.Count);
        for (var index = 0; index < events.Count; index++)
        {
            var request = events[index] ?? throw ServiceException.BadField(Field(events.Count, index, "event"), "must be an object");
            var taskId = request.TaskId is { Length: > 0 } id ? id : throw ServiceException.BadField(Field(events.Count, index, "task_id"), "is required");
            var agentId = request.AgentId is { Length: > 0 } agent ? agent : throw ServiceException.BadField(Field(events.Count, index, "agent_id"), "is required");
            var scope = await ScopeAsync(taskId, cancellationToken)
                ?? throw ServiceException.NotFound(Field(events.Count, index, "task_id"), $"no task \"{taskId}\"; register it with POST /tasks/register first");
            caller.EnsureAccess(scope.Project.Id);
            var tokens = new TokenUsage(
                Count(request.InputTokens, events.Count, index, "input_tokens"),
                Count(request.OutputTokens, events.Count, index, "output_tokens"),
                Count(request.CacheCreationTokens, events.Count, index, "cache_creation_tokens"),
                Count(request.CacheReadTokens, events.Count, index, "cache_read_tokens"),
                Count(request.ReasoningTokens, events.Count, index, "reasoning_tokens"));
            if (request.CostUsd is < 0)
            {
                throw ServiceException.BadField(Field(events.Count, index, "cost_usd"), "must be 0 or more");
            }

            checkedEvents.Add((request, scope, agentId, tokens));
        }

        var decisions = new UsageDecision[checkedEvents.Count];
        for (var index = 0; index < checkedEvents.Count; index++)
        {
            var (request, scope, agentId, tokens) = checkedEvents[index];
            await EnsureAgentAsync(agentId, scope, request, Field(checkedEvents.Count, index, "agent_id"), cancellationToken);
            try
            {
                decisions[index] = await MeterAsync(request, scope, agentId, tokens, cancellationToken);
            }
            catch (DbException error)
            {
                throw ServiceException.StoreFailed(
                    checkedEvents.Count == 1 ? null : string.Create(CultureInfo.InvariantCulture, $"events[{index}]"),
                    index == 0 ? "this usage event" : string.Create(CultureInfo.InvariantCulture, $"this usage event (the {index} before it were recorded)"),
                    error);
            }
        }

        return new UsageResponse(decisions);
    }

    private static string Field(int count, int index, string name) =>
        count == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"events[{index}].{name}");

    private static long Count(long? value, int count, int index, string name) => value switch
    {
        null => 0,
        < 0 => throw ServiceException.BadField(Field(count, index, name), "must be 0 or more"),
        { } tokens => tokens,
    };

    /// <summary>An external agent is registered the first time it reports; an agent belongs to one task for good.</summary>
    private async Task EnsureAgentAsync(string agentId, GovernedScope scope, UsageEventRequest request, string field, CancellationToken cancellationToken)
    {
        if (!_agents.TryGetValue(agentId, out var taskId))
        {
            var known = await Store.FindAgentAsync(agentId, cancellationToken);
            if (known is null)
            {
                try
                {
                    await Store.StartAgentAsync(
                        new AgentRecord(agentId, scope.Task.Id, request.Framework ?? "api", request.Model, scope.Project.Tier, null, Time.GetUtcNow(), null),
                        cancellationToken);
                    Events.Publish(GovernorEventTypes.Registered, scope.Project.Id, scope.Task.Id, new { kind = "agent", id = agentId, task = scope.Task.Id });
                }
                catch (StoreConflictException)
                {
                    // Another request registered it at the same moment.
                }

                known = await Store.FindAgentAsync(agentId, cancellationToken);
            }

            taskId = _agents.GetOrAdd(agentId, known!.TaskId);
        }

        if (taskId != scope.Task.Id)
        {
            throw new ServiceException(ServiceErrorKind.Conflict, field, $"{field}: agent \"{agentId}\" works on task \"{taskId}\"; an agent reports for one task only");
        }
    }

    /// <summary>Meters one event: its spend joins every budget above the task, then the policy decides, as in <c>run</c>.</summary>
    private async Task<UsageDecision> MeterAsync(UsageEventRequest request, GovernedScope scope, string agentId, TokenUsage tokens, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var usageId = request.Id ?? Guid.CreateVersion7().ToString();
        // An event sent again with the same id (a client's retry) is answered but counted once.
        if (request.Id is not null && await IsRecordedAsync(usageId, cancellationToken))
        {
            return await JudgeAgainAsync(scope, agentId, usageId, now, cancellationToken);
        }

        try
        {
            return await MeterNewAsync(request, scope, agentId, tokens, usageId, now, cancellationToken);
        }
        finally
        {
            _pendingIds.TryRemove(usageId, out _);
        }
    }

    /// <summary>
    /// True when an event with this id is in the ledger or being recorded; otherwise claims the id until it is
    /// recorded, so two requests carrying the same event at once count it once.
    /// </summary>
    private async Task<bool> IsRecordedAsync(string usageId, CancellationToken cancellationToken)
    {
        if (!_pendingIds.TryAdd(usageId, 0))
        {
            return true;
        }

        if (await Store.HasUsageAsync(usageId, cancellationToken))
        {
            _pendingIds.TryRemove(usageId, out _);
            return true;
        }

        return false;
    }

    private async Task<UsageDecision> MeterNewAsync(
        UsageEventRequest request, GovernedScope scope, string agentId, TokenUsage tokens, string usageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cost = request.CostUsd is > 0 ? request.CostUsd.Value : Cost(request.Model, tokens);
        var usage = new UsageEventRecord(usageId, request.At ?? now, scope.Project.Id, scope.Package?.Id, scope.Task.Id, agentId, request.Model, tokens, cost, UsageSource.Api);
        var config = await ConfigAsync(cancellationToken);
        await _spend.CatchUpAsync(cancellationToken);
        var written = false;
        List<SpendCache.Entry?> cached;
        PolicyOutcome outcome;
        List<BudgetLevel> levels;
        var gate = ProjectGate(scope.Project.Id);
        await gate.WaitAsync(cancellationToken);
        try
        {
            cached = await CachedSpendAsync(scope, now, cancellationToken);
            if (cached.Any(entry => entry is null))
            {
                // A rolling window is summed from the ledger, so the event must be there first.
                await _ledger.WriteAsync([usage], []);
                written = true;
            }

            foreach (var entry in cached)
            {
                entry?.Add(tokens, cost);
            }

            levels = await LevelsAsync(scope, cached, now, cancellationToken);
            outcome = Policy.Decide(levels, config.Threshold);
        }
        finally
        {
            gate.Release();
        }

        var verdict = Judge(outcome, levels, scope, now);
        try
        {
            await _ledger.WriteAsync(
                written ? [] : [usage],
                [new DecisionRecord(now, scope.Task.Id, agentId, usageId, verdict.Decision, outcome.Tightest?.Scope, outcome.Tightest?.Id, outcome.Tightest?.UsedFraction ?? 0, verdict.Reason)]);
        }
        catch (DbException) when (!written)
        {
            // Not in the ledger, so not spent: the budgets in memory give it back, and stay exact.
            foreach (var entry in cached)
            {
                entry?.Add(TokenUsage.Zero - tokens, -cost);
            }

            throw;
        }

        var decision = Answer(usageId, scope, agentId, verdict, levels);
        Events.Publish(GovernorEventTypes.Usage, scope.Project.Id, scope.Task.Id, new
        {
            id = usageId, task = scope.Task.Id, agent = agentId, model = request.Model, input = tokens.Input, output = tokens.Output,
            cache_creation = tokens.CacheCreation, cache_read = tokens.CacheRead, reasoning = tokens.Reasoning, cost_usd = cost,
        });
        Events.Publish(GovernorEventTypes.Decision, scope.Project.Id, scope.Task.Id, decision);
        await ApplyAsync(scope, verdict, outcome, now, cancellationToken);
        return decision;
    }

    /// <summary>The answer to an event already recorded: the governor's decision as things stand, with nothing counted, written or published again.</summary>
    private async Task<UsageDecision> JudgeAgainAsync(GovernedScope scope, string agentId, string usageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var config = await ConfigAsync(cancellationToken);
        await _spend.CatchUpAsync(cancellationToken);
        PolicyOutcome outcome;
        List<BudgetLevel> levels;
        var gate = ProjectGate(scope.Project.Id);
        await gate.WaitAsync(cancellationToken);
        try
        {
            levels = await LevelsAsync(scope, await CachedSpendAsync(scope, now, cancellationToken), now, cancellationToken);
            outcome = Policy.Decide(levels, config.Threshold);
        }
        finally
        {
            gate.Release();
        }

        return Answer(usageId, scope, agentId, Judge(outcome, levels, scope, now), levels);
    }

    /// <summary>Each budget's cached spend in its current window, in the order of the scope's claims; null for a rolling window, which is not cached.</summary>
    private async Task<List<SpendCache.Entry?>> CachedSpendAsync(GovernedScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cached = new List<SpendCache.Entry?>(scope.Claims.Count);
        foreach (var claim in scope.Claims)
        {
            cached.Add(SpendCache.Caches(claim.Budget) ? await _spend.GetAsync(claim.Scope, claim.Id, claim.Budget.Window.Current(now), cancellationToken) : null);
        }

        return cached;
    }

    private async Task<List<BudgetLevel>> LevelsAsync(GovernedScope scope, List<SpendCache.Entry?> cached, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var levels = new List<BudgetLevel>(scope.Claims.Count);
        for (var index = 0; index < scope.Claims.Count; index++)
        {
            var claim = scope.Claims[index];
            var totals = cached[index] is { } entry
                ? entry.Totals
                : await Store.SumUsageAsync(claim.Scope, claim.Id, claim.Budget.Window.Current(now), cancellationToken);
            var reserved = await ReservedAsync(claim, now, cancellationToken);
            levels.Add(new BudgetLevel(claim.Scope, claim.Id, claim.Budget, totals.CountedBy(claim.Budget), new Spend(reserved, 0m)));
        }

        return levels;
    }

    private static UsageDecision Answer(string usageId, GovernedScope scope, string agentId, Verdict verdict, List<BudgetLevel> levels)
    {
        var remaining = levels.Select(level => new RemainingBudget(
            level.Scope.ToWire(), level.Id, level.Headroom.TokensLeft, level.Headroom.UsdLeft, Math.Round(level.Fraction * 100, 2))).ToList();
        return new UsageDecision(usageId, scope.Task.Id, agentId, verdict.Decision.ToWire(), verdict.Reason, verdict.ResumesAt, remaining);
    }

    /// <summary>
    /// The policy's decision, made stricter by what was asked of the task by hand: a paused task is told to pause, a
    /// finished or cancelled one to stop, and a task asked to checkpoint is told so until it has.
    /// </summary>
    private static Verdict Judge(PolicyOutcome outcome, List<BudgetLevel> levels, GovernedScope scope, DateTimeOffset now)
    {
        var decision = outcome.Decision;
        if (decision is PolicyDecision.Pause or PolicyDecision.Stop)
        {
            var exhausted = levels.First(level => level.Budget.IsLimited && level.Fraction >= 1.0 && level.Budget.Window.Refills == (decision == PolicyDecision.Pause));
            var resumesAt = BudgetWords.ResumesAt(exhausted.Budget, now);
            return new Verdict(decision, BudgetWords.Exhausted(exhausted.Scope, exhausted.Budget, resumesAt), resumesAt, exhausted.Scope);
        }

        var task = scope.Task;
        if (task.State.IsTerminal())
        {
            return new Verdict(PolicyDecision.Stop, $"task is {task.State.ToWire()}", null, null);
        }

        if (task.State == TaskState.Paused)
        {
            return new Verdict(PolicyDecision.Pause, task.StateReason is null ? "task is paused" : $"task is paused: {task.StateReason}", null, null);
        }

        if (decision == PolicyDecision.RequestCheckpoint && outcome.Tightest is { } tightest)
        {
            return new Verdict(decision, string.Create(CultureInfo.InvariantCulture, $"{tightest.Scope.ToWire()} budget {tightest.UsedFraction * 100:0}% used"), null, null);
        }

        return task.Checkpoint == CheckpointState.Requested
            ? new Verdict(PolicyDecision.RequestCheckpoint, "checkpoint requested", null, null)
            : new Verdict(decision, null, null, null);
    }

    private async Task<long> ReservedAsync(BudgetClaim claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"{claim.Scope.ToWire()}:{claim.Id}";
        if (_reservations.TryGetValue(key, out var cached) && cached.FreshAt(now, Options.ReservationTtl))
        {
            return cached.Value;
        }

        var reserved = await Store.SumReservationsAsync(claim.Scope, claim.Id, null, cancellationToken);
        _reservations[key] = new Cached<long>(reserved, now);
        return reserved;
    }

    private decimal Cost(string? model, TokenUsage tokens) => model is not null && _prices.TryFind(model, out var price)
        ? (decimal)price.Cost(new TokenCounts(tokens.Input, tokens.Output + tokens.Reasoning, tokens.CacheCreation, tokens.CacheRead))
        : 0m;

    private sealed record Verdict(PolicyDecision Decision, string? Reason, DateTimeOffset? ResumesAt, BudgetScope? Exhausted);
}
