using System.Globalization;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

internal sealed partial class RunGovernor
{
    /// <summary>
    /// Records one usage event and applies the policy to it. Events of one project are handled one at a time in
    /// this process, so the event that uses a budget up stops its siblings before their next event is counted.
    /// </summary>
    internal async Task MeterAsync(AttemptMeter meter, AgentUsage usage, int sequence)
    {
        var gate = ProjectGate(meter.Scope.Project.Id);
        await gate.WaitAsync();
        try
        {
            // Budgets changed in the store since the attempt started count from this event on.
            var scope = meter.Scope = await CurrentScopeAsync(meter.Scope);
            var usageId = string.Create(CultureInfo.InvariantCulture, $"{meter.AgentId}:{sequence}");
            var cost = Cost(usage);
            var usageEvent = new UsageEventRecord(usageId, usage.At, scope.Project.Id, scope.Package?.Id, scope.Task.Id, meter.AgentId, usage.Model, usage.Tokens, cost, UsageSource.Stream);
            await store.AppendUsageAsync(usageEvent, CancellationToken.None);
            meter.Add(usage.Tokens, cost, scope.Project.Budget.Counted.Count(usage.Tokens));
            if (meter.ReservationId is { } reservationId)
            {
                await store.ShrinkReservationAsync(reservationId, meter.CountedTokens, usage.At, CancellationToken.None);
            }

            var now = time.GetUtcNow();
            var levels = await ReadLevelsAsync(scope, meter.ReservationId, now);
            var threshold = ThresholdFor(scope);
            var outcome = Policy.Decide(levels, threshold);
            var exhausted = outcome.Decision is PolicyDecision.Pause or PolicyDecision.Stop
                ? levels.First(level => level.Budget.IsLimited && level.Fraction >= 1.0 && level.Budget.Window.Refills == (outcome.Decision == PolicyDecision.Pause))
                : null;
            var resumesAt = exhausted is null ? null : BudgetWords.ResumesAt(exhausted.Budget, now);
            var reason = exhausted is null ? null : BudgetWords.Exhausted(exhausted.Scope, exhausted.Budget, resumesAt);
            var decision = new DecisionRecord(now, scope.Task.Id, meter.AgentId, usageId, outcome.Decision, outcome.Tightest?.Scope, outcome.Tightest?.Id, outcome.Tightest?.UsedFraction ?? 0, reason);
            await store.RecordDecisionAsync(decision, CancellationToken.None);
            Metered?.Invoke(usageEvent, decision);

            switch (outcome.Decision)
            {
                case PolicyDecision.RequestCheckpoint when !meter.CheckpointRequested:
                    await RequestCheckpointAsync(meter, outcome.Tightest!, threshold, now);
                    break;
                case PolicyDecision.Pause or PolicyDecision.Stop:
                    meter.StopFor(outcome.Decision, reason!, resumesAt);
                    StopSiblings(meter, exhausted!, outcome.Decision, reason!, resumesAt);
                    break;
                case PolicyDecision.RequestCheckpoint or PolicyDecision.Continue when meter is { AgentTold: true, Ask: { } ask }
                    && meter.CountedTokens - ask.CountedAtRequest >= config.GraceTokens:
                    meter.StopFor(GraceExpired(meter, string.Create(CultureInfo.InvariantCulture, $"{config.GraceTokens:N0} tokens")));
                    break;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Every budget above the task with its spend in the current window plus what other attempts still hold
    /// reserved. Read per event so several processes sharing the store see each other's spend; the window sums are
    /// kept running (<see cref="LedgerSums"/>), so only the events appended since the last look are read.
    /// </summary>
    private async Task<List<BudgetLevel>> ReadLevelsAsync(GovernedScope scope, string? ownReservation, DateTimeOffset now)
    {
        var levels = new List<BudgetLevel>(scope.Claims.Count);
        foreach (var claim in scope.Claims)
        {
            var totals = await _sums.SumAsync(claim.Scope, claim.Id, claim.Budget.Window.Current(now), CancellationToken.None);
            var reserved = await store.SumReservationsAsync(claim.Scope, claim.Id, ownReservation, CancellationToken.None);
            levels.Add(new BudgetLevel(claim.Scope, claim.Id, claim.Budget, totals.CountedBy(claim.Budget), new Spend(reserved, 0m)));
        }

        return levels;
    }

    private async Task RequestCheckpointAsync(AttemptMeter meter, Headroom tightest, double threshold, DateTimeOffset now)
    {
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{tightest.Scope.ToWire()} budget {tightest.UsedFraction * 100:0}% used (checkpoint threshold {threshold * 100:0.#}%)");
        var ask = meter.Request(
            new CheckpointAsk(tightest, meter.CountedTokens, threshold, reason, now, Told: false),
            CheckpointMessage,
            config.GraceSeconds,
            time,
            () => GraceExpired(meter, string.Create(CultureInfo.InvariantCulture, $"{config.GraceSeconds} s")));
        if (ask.Told)
        {
            reason += "; agent told to commit and summarise";
        }

        await store.SetCheckpointStateAsync(meter.Scope.Task.Id, CheckpointState.Requested, now, CancellationToken.None);
        await checkpoints.RequestAsync(new CheckpointRequest(meter.Scope.Task.Id, meter.AgentId, reason, now), CancellationToken.None);
        CheckpointRequested?.Invoke(meter.Scope.Task.Id, reason);
    }

    /// <summary>The budget that prompted a checkpoint request, and when it has room again (null for a total budget).</summary>
    private (BudgetClaim? Claim, DateTimeOffset? ResumesAt) Prompting(AttemptMeter meter)
    {
        var tightest = meter.Ask?.Tightest;
        var claim = meter.Scope.Claims.FirstOrDefault(claim => claim.Scope == tightest?.Scope && claim.Id == tightest.Id);
        return (claim, claim is null ? null : BudgetWords.ResumesAt(claim.Budget, time.GetUtcNow()));
    }

    /// <summary>The agent was told to checkpoint and did not stop within its grace allowance: it is stopped, and the task paused.</summary>
    private GovernorStop GraceExpired(AttemptMeter meter, string allowance)
    {
        var (claim, resumesAt) = Prompting(meter);
        return new GovernorStop(PolicyDecision.Pause, $"checkpoint grace of {allowance} used up after the request at {meter.Ask?.Reason}{Resumes(claim, resumesAt)}", resumesAt);
    }

    /// <summary>
    /// The state of a task whose agent, told to checkpoint, ended by itself: paused (never completed — it stopped
    /// because it was asked to), resuming its own session when the budget that prompted the request has room.
    /// </summary>
    public GovernorStop Checkpointed(AttemptMeter meter)
    {
        var (claim, resumesAt) = Prompting(meter);
        return new GovernorStop(PolicyDecision.Pause, $"checkpointed at the governor's request: {meter.Ask?.Reason}{Resumes(claim, resumesAt)}", resumesAt);
    }

    private static string Resumes(BudgetClaim? claim, DateTimeOffset? resumesAt) => resumesAt is { } at
        ? $"; resumes at {BudgetWords.Time(at)}"
        : claim is null ? "" : "; raise the limit to resume";

    /// <summary>
    /// Keeps how far the agent went between the checkpoint request and its stop, as shares of the budget that
    /// prompted the request: what adaptive thresholds learn from.
    /// </summary>
    private async Task ObserveOvershootAsync(AttemptMeter meter)
    {
        if (meter.Ask is not { } ask || Prompting(meter).Claim is not { Budget.Tokens: > 0 } claim)
        {
            return;
        }

        var levels = await ReadLevelsAsync(meter.Scope, meter.ReservationId, time.GetUtcNow());
        var stopped = levels.FirstOrDefault(level => level.Scope == claim.Scope && level.Id == claim.Id)?.Fraction ?? ask.Tightest.UsedFraction;
        await store.RecordThresholdObservationAsync(
            new ThresholdObservation(meter.Scope.Task.Id, meter.Scope.Task.Estimate.Class, ask.Threshold, ask.Tightest.UsedFraction, stopped, time.GetUtcNow()),
            CancellationToken.None);
    }

    /// <summary>
    /// When spend alone (not other tasks' reservations) has used up a package or project budget, every attempt under
    /// it stops now rather than at its own next event: that is what keeps parallel tasks within one increment.
    /// </summary>
    private void StopSiblings(AttemptMeter meter, BudgetLevel exhausted, PolicyDecision decision, string reason, DateTimeOffset? resumesAt)
    {
        if (exhausted.Scope == BudgetScope.Task || exhausted.Budget.Fraction(exhausted.Spent) < 1.0)
        {
            return;
        }

        foreach (var sibling in _live.Keys.Where(other => other != meter))
        {
            var under = exhausted.Scope == BudgetScope.Project ? sibling.Scope.Project.Id == exhausted.Id : sibling.Scope.Package?.Id == exhausted.Id;
            if (under)
            {
                sibling.StopFor(decision, reason, resumesAt);
            }
        }
    }

    /// <summary>The event's own cost when it gives one, else the price table's for its model; unknown models cost 0.</summary>
    private decimal Cost(AgentUsage usage)
    {
        if (usage.CostUsd > 0)
        {
            return usage.CostUsd;
        }

        if (usage.Model is null || !prices.TryFind(usage.Model, out var price))
        {
            return 0m;
        }

        var tokens = usage.Tokens;
        return (decimal)price.Cost(new TokenCounts(tokens.Input, tokens.Output + tokens.Reasoning, tokens.CacheCreation, tokens.CacheRead));
    }
}
