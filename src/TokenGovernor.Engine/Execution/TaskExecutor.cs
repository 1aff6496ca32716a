using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// Runs a task through its runner cascade and records every attempt: the task's runner, then its fallbacks. A
/// rate-limited runner is blocked in the store until its reset time and the next one takes over; so does the next one
/// after a lost connection, after server errors retried with backoff, and after a runner that claimed success without
/// doing anything (which is graylisted). Runners graylisted, blocked, or ruled out by tier, free tier or
/// <c>fallback_only</c> are passed over. A governed task's attempt is metered and may be stopped by the governor.
/// </summary>
internal sealed partial class TaskExecutor(RunnerRegistry runners, RunnerCatalog catalog, string defaultRunner, IGovernorStore health, StoreWriter store, IRunObserver observer, TimeProvider time, RunGovernor? governor)
{
    public async Task RunAsync(TaskOutcome outcome, string runId, string runDirectory, RunOptions options, StopRequest stop)
    {
        outcome.State = TaskState.Running;
        outcome.Reason = null;
        outcome.StartedAt = time.GetUtcNow();
        try
        {
            await CascadeAsync(outcome, runId, runDirectory, options, stop);
        }
#pragma warning disable CA1031 // A broken cascade must fail its task, not the whole run.
        catch (Exception error)
#pragma warning restore CA1031
        {
            outcome.State = TaskState.Failed;
            outcome.Reason = $"internal error: {error.Message}";
        }

        if (outcome.ReservationId is { } unused)
        {
            // No attempt reached its runner, so nothing took the reservation over.
            outcome.ReservationId = null;
            await governor!.ReleaseAsync(unused);
        }

        outcome.EndedAt = time.GetUtcNow();
        var persistent = outcome.State is TaskState.Completed or TaskState.Failed or TaskState.Cancelled or TaskState.RateLimited
            ? outcome.PersistentState(runId, outcome.EndedAt.Value)
            : null;
        store.Enqueue(outcome.Record(runId), null, persistent);
        observer.TaskChanged(outcome.View());
    }

    private async Task CascadeAsync(TaskOutcome outcome, string runId, string runDirectory, RunOptions options, StopRequest stop)
    {
        var task = outcome.Task;
        var chain = RunnerCascade.Chain(task, defaultRunner);
        var given = new List<string>();
        var rateLimited = 0;
        var otherwise = 0;
        var tokens = TokenUsage.Zero;
        var cost = 0m;
        var attempts = 0;
        for (var position = 0; position < chain.Count; position++)
        {
            var name = chain[position];
            var profile = catalog.Resolve(name);
            if (profile is not null && await PassOverAsync(name, profile, position == 0, task, options) is { } passed)
            {
                given.Add(passed.Why);
                rateLimited += passed.Blocked ? 1 : 0;
                continue;
            }

            var step = CascadeStep.Done;
            for (var retries = 0; ; retries++)
            {
                if (retries > 0 && !await BackOffAsync(RunnerCascade.Backoff(retries, options.RetryBackoff), stop))
                {
                    outcome.State = TaskState.Cancelled;
                    outcome.Reason = $"interrupted by {stop.Signal ?? "a signal"}";
                    return;
                }

                var (end, failure) = await AttemptAsync(outcome, name, profile, runId, runDirectory, options, stop, resumable: attempts++ == 0);
                tokens += outcome.Tokens;
                cost += outcome.CostUsd;
                outcome.Tokens = tokens;
                outcome.CostUsd = cost;
                step = RunnerCascade.Decide(end, retries, options.TransientRetries);
                if (step != CascadeStep.RetrySame)
                {
                    if (step == CascadeStep.NextRunner)
                    {
                        given.Add(await GiveUpAsync(name, profile, end, failure, options));
                        rateLimited += end == AttemptEnd.RateLimited ? 1 : 0;
                        otherwise += end == AttemptEnd.RateLimited ? 0 : 1;
                    }

                    break;
                }
            }

            if (step == CascadeStep.Done)
            {
                return;
            }

            if (stop.Graceful.IsCancellationRequested)
            {
                outcome.State = TaskState.Cancelled;
                outcome.Reason = $"interrupted by {stop.Signal ?? "a signal"}";
                return;
            }
        }

        // Every runner was passed over or given up on: rate-limited when only rate limits stand in the way.
        var all = given.Count == 1 ? given[0] : string.Join("; ", given);
        (outcome.State, outcome.Reason) = rateLimited > 0 && otherwise == 0
            ? (TaskState.RateLimited, given.Count == 1 ? all : rateLimited == given.Count ? $"every runner rate-limited: {all}" : $"no runner left but rate-limited ones: {all}")
            : (TaskState.Failed, given.Count == 1 ? all : $"no runner left: {all}");
    }

    /// <summary>Why a runner is not tried for this task: ruled out by its profile, graylisted, or blocked by a rate limit; null to try it.</summary>
    private async Task<(string Why, bool Blocked)?> PassOverAsync(string name, RunnerProfile profile, bool first, TaskDefinition task, RunOptions options)
    {
        if (RunnerCascade.Excluded(profile, first, task.Difficulty, options.AllowFree) is { } excluded)
        {
            return ($"{name} passed over: {excluded}", false);
        }

        if (await health.IsGraylistedAsync(name, profile.Model, CancellationToken.None))
        {
            return ($"{name}{ModelText(profile.Model)} is graylisted", false);
        }

        if (await health.GetRunnerBlockAsync(name, profile.Model, time.GetUtcNow(), CancellationToken.None) is { } block)
        {
            return ($"{name} rate-limited until {BudgetWords.Time(block.BlockedUntil)}", true);
        }

        return null;
    }

    /// <summary>Records why the cascade leaves a runner: a rate limit blocks it, a false positive graylists it. Returns the reason.</summary>
    private async Task<string> GiveUpAsync(string name, RunnerProfile? profile, AttemptEnd end, ServiceFailure? failure, RunOptions options)
    {
        var now = time.GetUtcNow();
        switch (end)
        {
            case AttemptEnd.RateLimited:
                var until = RunnerCascade.BlockedUntil(now, failure?.ResetsAt, options.RateLimitBlock);
                await health.BlockRunnerAsync(new RunnerBlockRecord(name, profile?.Model, until, failure?.Message, now), CancellationToken.None);
                return $"{name} rate-limited until {BudgetWords.Time(until)}";
            case AttemptEnd.FalsePositive:
                await health.AddToGraylistAsync(new GraylistRecord(name, profile?.Model, FalsePositiveReason, GraylistRecord.Automatic, now), CancellationToken.None);
                return $"{name} {FalsePositiveReason}; graylisted";
            default:
                return $"{name} {failure?.KindName ?? "failed"}: {failure?.Message}";
        }
    }

    private const string FalsePositiveReason = "claimed success without doing anything (exit 0, no events, no change in the repo)";

    /// <summary>Waits before a retry; false when the user stopped the run meanwhile.</summary>
    private async Task<bool> BackOffAsync(TimeSpan delay, StopRequest stop)
    {
        try
        {
            await Task.Delay(delay, time, stop.Graceful);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string ModelText(string? model) => model is null ? "" : $" ({model})";
}
