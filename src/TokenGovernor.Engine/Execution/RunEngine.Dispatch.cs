using System.Threading.Channels;
using TokenGovernor.Agents.Locks;
using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;

namespace TokenGovernor.Engine.Execution;

public sealed partial class RunEngine
{
    /// <summary>
    /// The dispatch loop. One logical thread owns the scheduler; workers report back through a channel.
    /// A task starts when a worker is free, its repo is not busy (here or in another process) and its
    /// runner is under its max_concurrent, and — for a governed task — its estimate fits, as a reservation, in every
    /// budget above it.
    /// </summary>
    private async Task DispatchAsync(RunContext run, List<TaskDefinition> toRun)
    {
        var scheduler = new DagScheduler(toRun, run.Satisfied);
        var finished = Channel.CreateUnbounded<TaskOutcome>(new UnboundedChannelOptions { SingleReader = true });
        var busyRepos = new HashSet<string>(StringComparer.Ordinal);
        var runnerLoad = new Dictionary<string, int>(StringComparer.Ordinal);
        var locks = new Dictionary<string, RepoLock>(StringComparer.Ordinal);
        var executor = new TaskExecutor(runners, run.Loaded.Runners, run.Loaded.DefaultRunner, store, run.Writer, observer, time, run.Governor);
        var budgetBlocked = new Dictionary<string, Admission>(StringComparer.Ordinal);
        var running = 0;
        var stopping = false;
        var lockedOut = false;
        var slotsFull = false;
        var parked = new ParkedTasks(run.Governor, time);

        bool Admit(TaskDefinition task, TaskOutcome outcome)
        {
            // CanStart is synchronous and the dispatch loop is one logical thread: one short store transaction is worth the wait.
            var admission = run.Governor!.AdmitAsync(task.Id, CancellationToken.None).GetAwaiter().GetResult();
            if (admission.Admitted)
            {
                budgetBlocked.Remove(task.Id);
                outcome.ReservationId = admission.ReservationId;
                return true;
            }

            budgetBlocked[task.Id] = admission;
            var reason = $"waiting for budget: {admission.WaitReason}";
            if (outcome.State != TaskState.Waiting || outcome.Reason != reason)
            {
                outcome.State = TaskState.Waiting;
                outcome.Reason = reason;
                observer.TaskChanged(outcome.View());
            }

            return false;
        }

        void ReleaseReservation(TaskOutcome outcome)
        {
            if (outcome.ReservationId is { } reservationId)
            {
                outcome.ReservationId = null;
                run.Governor!.ReleaseAsync(reservationId).GetAwaiter().GetResult();
            }
        }

        bool CanStart(TaskDefinition task)
        {
            var outcome = run.Outcomes[task.Id];
            var runner = task.Runner ?? run.Loaded.DefaultRunner;
            if (busyRepos.Contains(outcome.RepoPath))
            {
                return false;
            }

            if (run.Loaded.Runners.Resolve(runner)?.MaxConcurrent is { } limit && runnerLoad.GetValueOrDefault(runner) >= limit)
            {
                return false;
            }

            if (run.Governor?.Governs(task.Id) == true && !Admit(task, outcome))
            {
                return false;
            }

            RepoLock? repoLock;
            try
            {
                repoLock = RepoLock.TryAcquire(outcome.RepoPath, run.Id, task.Id, time);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The task is taken so that it fails with the reason instead of waiting forever.
                outcome.LockError = $"cannot lock repo {outcome.RepoPath}: {error.Message}";
                runnerLoad[runner] = runnerLoad.GetValueOrDefault(runner) + 1;
                return true;
            }

            if (repoLock is null)
            {
                ReleaseReservation(outcome);
                lockedOut = true;
                var holder = RepoLock.Read(outcome.RepoPath);
                var reason = holder is null ? "repo is locked" : $"repo locked by pid {holder.Pid} (run {holder.RunId}, task {holder.TaskId})";
                if (outcome.State != TaskState.Waiting || outcome.Reason != reason)
                {
                    outcome.State = TaskState.Waiting;
                    outcome.Reason = reason;
                    observer.TaskChanged(outcome.View());
                }

                return false;
            }

            locks[task.Id] = repoLock;
            busyRepos.Add(outcome.RepoPath);
            runnerLoad[runner] = runnerLoad.GetValueOrDefault(runner) + 1;
            return true;
        }

        while (true)
        {
            if (!stopping && run.Stop.Graceful.IsCancellationRequested)
            {
                stopping = true;
                Skip(run, scheduler.DrainUnstarted(), $"interrupted by {run.Stop.Signal}");
            }

            lockedOut = false;
            budgetBlocked.Clear();
            void Start(TaskDefinition task)
            {
                running++;
                var outcome = run.Outcomes[task.Id];
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await executor.RunAsync(outcome, run.Id, run.Directory, run.Options, run.Stop);
                    }
                    finally
                    {
                        finished.Writer.TryWrite(outcome);
                    }
                }, CancellationToken.None);
            }

            // A worker of this run, and of the pool shared with the process's other runs when there is one.
            slotsFull = false;
            TaskDefinition? Next(Func<Func<TaskDefinition, bool>, TaskDefinition?> take)
            {
                if (stopping || running >= run.Options.Workers)
                {
                    return null;
                }

                if (run.Options.Slots is { } slots && !slots.TryTake())
                {
                    slotsFull = true;
                    return null;
                }

                var next = take(CanStart);
                if (next is null)
                {
                    run.Options.Slots?.Return();
                }

                return next;
            }

            // Paused and waiting tasks first, in tier, priority and age order, under the start-rate limit.
            while (Next(parked.TryTake) is { } resumed)
            {
                Start(resumed);
            }

            while (Next(scheduler.TryTake) is { } task)
            {
                Start(task);
            }

            if (run.Options.WaitForBudget && !stopping)
            {
                // The scheduler keeps what waits for budget and resumes it when budget frees, instead of ending the run.
                foreach (var (id, admission) in budgetBlocked.Where(blocked => !parked.Contains(blocked.Key)).ToList())
                {
                    if (scheduler.TryTake(candidate => candidate.Id == id) is { } waiting)
                    {
                        var outcome = run.Outcomes[id];
                        parked.Park(waiting, outcome, admission.ResumesAt);
                        run.Governor!.RecordWaitAsync(id, TaskState.Waiting, outcome.Reason!, admission.ResumesAt).GetAwaiter().GetResult();
                    }
                }
            }
            else if (running == 0 && !stopping && !lockedOut && budgetBlocked.Count > 0 && scheduler.ReadyCount > 0)
            {
                // Nothing running here can free budget: pause what waits for it rather than wait forever.
                PauseForBudget(run, scheduler.DrainUnstarted(), budgetBlocked);
            }

            if (running == 0 && scheduler.ReadyCount == 0 && parked.Count > 0 && (stopping || !parked.CanFreeBySelf))
            {
                // Nothing left can free budget by itself (only a raised limit would): the parked tasks end the run paused.
                EndParked(run, scheduler, parked);
            }

            if (running == 0 && (stopping || scheduler.ReadyCount == 0) && parked.Count == 0)
            {
                break;
            }

            // Wait for a task to finish, for the user to stop the run, or — when a ready task waits on a repo
            // locked by another process — for the next look at that lock.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping ? CancellationToken.None : run.Stop.Graceful);
            if (lockedOut)
            {
                wake.CancelAfter(run.Options.LockPollInterval);
            }
            else if (budgetBlocked.Count > 0 || parked.Count > 0)
            {
                // Another process sharing the store may return a reservation or raise a limit meanwhile, and a
                // window may roll over: look again then, or when the start-rate limit allows the next start.
                wake.CancelAfter(parked.NextLook(run.Options.BudgetPollInterval));
            }

            // Every shared worker busy with other runs: look again when one of them ends a task.
            using var freed = slotsFull ? run.Options.Slots!.WakeOnRelease(wake) : null;
            try
            {
                await finished.Reader.WaitToReadAsync(wake.Token);
            }
            catch (OperationCanceledException)
            {
            }

            while (finished.Reader.TryRead(out var outcome))
            {
                running--;
                run.Options.Slots?.Release();
                if (locks.Remove(outcome.Task.Id, out var repoLock))
                {
                    repoLock.Dispose();
                    busyRepos.Remove(outcome.RepoPath);
                }

                var runner = outcome.Task.Runner ?? run.Loaded.DefaultRunner;
                runnerLoad[runner]--;
                if (run.Options.WaitForBudget && !stopping && outcome.State == TaskState.Paused)
                {
                    // Paused for budget: the scheduler resumes it (its agent's own session) when the budget frees.
                    parked.Park(outcome.Task, outcome, outcome.ResumesAt);
                    continue;
                }

                stopping = Settle(run, scheduler, outcome, stopping);
            }
        }
    }

    /// <summary>Releases or skips the task's dependents; returns whether the run now stops starting tasks.</summary>
    private bool Settle(RunContext run, DagScheduler scheduler, TaskOutcome outcome, bool stopping)
    {
        if (outcome.State == TaskState.Completed)
        {
            scheduler.Complete(outcome.Task.Id);
            return stopping;
        }

        var rateLimited = outcome.State == TaskState.RateLimited;
        var dependents = scheduler.Fail(outcome.Task.Id);
        if (rateLimited)
        {
            run.SkippedByRateLimit.UnionWith(dependents.Select(task => task.Id));
        }

        Skip(run, dependents, $"dependency {outcome.Task.Id} {outcome.State.ToWire()}");
        if (run.Options.FailFast && outcome.State is TaskState.Failed && !stopping)
        {
            Skip(run, scheduler.DrainUnstarted(), $"fail-fast: {outcome.Task.Id} failed");
            return true;
        }

        return stopping;
    }

    /// <summary>Ends the run with its parked tasks paused (with their reason and resume time), and skips what depends on them.</summary>
    private void EndParked(RunContext run, DagScheduler scheduler, ParkedTasks parked)
    {
        foreach (var task in parked.Drain())
        {
            var outcome = run.Outcomes[task.Id];
            if (outcome.State != TaskState.Paused)
            {
                outcome.State = TaskState.Paused;
                outcome.Reason = $"budget exhausted: {outcome.Reason?.Replace("waiting for budget: ", "", StringComparison.Ordinal)}" + (outcome.ResumesAt is { } at ? $"; resumes at {BudgetWords.Time(at)}" : "; raise the limit to resume");
                run.Writer.Enqueue(outcome.Record(run.Id));
                run.Governor?.RecordWaitAsync(task.Id, TaskState.Paused, outcome.Reason, outcome.ResumesAt).GetAwaiter().GetResult();
                observer.TaskChanged(outcome.View());
            }

            Skip(run, scheduler.Fail(task.Id), $"dependency {task.Id} paused");
        }
    }

    /// <summary>Ends the run's unstarted tasks: those refused for budget are paused with the reason and when it refills, the rest skipped.</summary>
    private void PauseForBudget(RunContext run, IReadOnlyList<TaskDefinition> unstarted, Dictionary<string, Admission> refused)
    {
        var paused = new List<string>();
        foreach (var task in unstarted)
        {
            var outcome = run.Outcomes[task.Id];
            if (!refused.TryGetValue(task.Id, out var admission))
            {
                continue;
            }

            paused.Add(task.Id);
            outcome.State = TaskState.Paused;
            outcome.ResumesAt = admission.ResumesAt;
            outcome.Reason = $"budget exhausted: {admission.WaitReason}" + (admission.ResumesAt is { } at ? $"; resumes at {BudgetWords.Time(at)}" : "; raise the limit to resume");
            run.Writer.Enqueue(outcome.Record(run.Id));
            run.Governor?.RecordWaitAsync(task.Id, TaskState.Paused, outcome.Reason, outcome.ResumesAt).GetAwaiter().GetResult();
            observer.TaskChanged(outcome.View());
        }

        Skip(run, [.. unstarted.Where(task => !refused.ContainsKey(task.Id))], $"waits on {string.Join(", ", paused)}, paused for budget");
    }

    private void Skip(RunContext run, IReadOnlyList<TaskDefinition> tasks, string reason)
    {
        foreach (var task in tasks)
        {
            var outcome = run.Outcomes[task.Id];
            outcome.State = TaskState.Skipped;
            outcome.Reason = reason;
            run.Writer.Enqueue(outcome.Record(run.Id));
            observer.TaskChanged(outcome.View());
        }
    }
}
