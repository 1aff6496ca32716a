using Microsoft.Extensions.Hosting;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service.Workers;

/// <summary>
/// The scheduler inside <c>serve</c>. Every few seconds, and whenever a run of this process ends, it reads the store's
/// queue (<see cref="SchedulerQueue"/>, what <c>scheduler status</c> shows): paused tasks whose budgets have room again —
/// a window rolled over, <c>project set-budget</c> raised a limit from another process, a reservation came back — are
/// resumed in tier, priority and age order under the start-rate limit, by executing again the run that last held
/// them (a submission, or an earlier <c>token-gov run</c> from its snapshot, as <c>run --resume</c> would), so each
/// continues its agent's session from its checkpoint. Tasks a killed run left waiting for budget are taken over the
/// same way once their budget has room (the dead run's reservations come back first). Tasks a live run holds — of
/// this process or another — are left to that run.
/// </summary>
public sealed class ResumeScheduler(RunWorkers workers, IGovernorStore store, GovernorEvents events, TimeProvider time, RunWorkersOptions options) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private StartRateLimit? _rate;

    /// <summary>Asks for a look at the store now rather than at the next interval.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        workers.RunEnded += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ResumeWhatHasRoomAsync(stoppingToken);
                }
                catch (Exception error) when (error is TokenGovException or IOException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
                {
                    await options.Diagnostics.WriteLineAsync($"token-gov serve: scheduler: {error.Message}");
                }

                await _wake.WaitAsync(options.SchedulerInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            workers.RunEnded -= Wake;
        }
    }

    /// <summary>One look at the queue; returns the ids of the tasks resumed.</summary>
    public async Task<IReadOnlyList<string>> ResumeWhatHasRoomAsync(CancellationToken cancellationToken)
    {
        var registry = new Registry(store, time);
        // Budget a killed process still holds reserved would keep what it left waiting from ever having room.
        await RunGovernor.ReclaimAbandonedReservationsAsync(store, cancellationToken);
        var queue = await SchedulerQueue.ListAsync(registry, cancellationToken);
        var ready = queue.Where(entry => entry.Task.State is TaskState.Paused or TaskState.Waiting && entry.HasRoom).ToList();
        if (ready.Count == 0)
        {
            return [];
        }

        var config = await store.GetGovernorConfigAsync(cancellationToken);
        if (_rate?.PerMinute != config.StartsPerMinute)
        {
            _rate = new StartRateLimit(config.StartsPerMinute);
        }

        var held = workers.ActiveRunIds;
        var lastRuns = await LastRunsAsync(ready.Select(entry => entry.Task.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        // Queue order is resume order: a run resumes when its first ready task's turn comes.
        var byRun = ready
            .Select(entry => (Entry: entry, RunId: lastRuns.GetValueOrDefault(entry.Task.Id)))
            .Where(pair => pair.RunId is not null && !held.ContainsKey(pair.RunId))
            .GroupBy(pair => pair.RunId!, StringComparer.Ordinal)
            .ToList();
        var submissions = await store.ListSubmissionsAsync(null, cancellationToken);
        var resumed = new List<string>();
        foreach (var group in byRun)
        {
            var now = time.GetUtcNow();
            if (!_rate.CanStart(now))
            {
                break;
            }

            var submission = submissions.FirstOrDefault(candidate => candidate.RunId == group.Key);
            // A run being executed is left to itself; one the user cancelled stays cancelled.
            if (submission is not null && (workers.IsActive(submission.Id) || submission.State == SubmissionStates.Cancelled))
            {
                continue;
            }

            if (await HeldElsewhereAsync(group.Key, cancellationToken))
            {
                continue;
            }

            var taskIds = group.Select(pair => pair.Entry.Task.Id).ToList();
            // A paused task is made ready; a waiting one already is, and is admitted again by the resumed run.
            foreach (var (entry, _) in group.Where(pair => pair.Entry.Task.State == TaskState.Paused))
            {
                await SchedulerQueue.ResumeAsync(registry, entry.Task.Id, cancellationToken);
            }

            var started = submission is not null
                ? workers.Resume(submission)
                : await store.GetRunAsync(group.Key, cancellationToken) is { } run && await workers.ResumeRunAsync(run, taskIds, cancellationToken) is not null;
            if (!started)
            {
                continue;
            }

            foreach (var (entry, _) in group)
            {
                _rate.Started(now);
                resumed.Add(entry.Task.Id);
                events.Publish(GovernorEventTypes.Resumed, entry.Project.Id, entry.Task.Id,
                    new { task = entry.Task.Id, state = TaskState.Ready.ToWire(), reason = "resumed by the scheduler: its budget has room again", run_id = group.Key });
            }

            await options.Diagnostics.WriteLineAsync($"token-gov serve: scheduler resumed {string.Join(", ", taskIds)} (run {group.Key})");
        }

        return resumed;
    }

    /// <summary>True while another live process (<c>run --resume</c>, another serve) still executes that run: it resumes its own tasks.</summary>
    private async Task<bool> HeldElsewhereAsync(string runId, CancellationToken cancellationToken) =>
        await store.GetRunAsync(runId, cancellationToken) is { State: RunStates.Running }
        && await store.GetRunOwnerAsync(runId, cancellationToken) is { } owner
        && !new ProcessOwner(owner.Pid, owner.StartTicks, owner.Host).IsGone;

    /// <summary>
    /// The run that last held each task: the newest run with a result for it, or — for a task that never got one, left
    /// waiting by a run that was killed — the newest run whose task files have it.
    /// </summary>
    private async Task<Dictionary<string, string>> LastRunsAsync(HashSet<string> taskIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var runs = (await store.ListRunsAsync(cancellationToken)).OrderByDescending(run => run.StartedAt).ToList();
        foreach (var run in runs)
        {
            if (found.Count == taskIds.Count)
            {
                break;
            }

            foreach (var result in await store.GetTaskResultsAsync(run.Id, cancellationToken))
            {
                if (taskIds.Contains(result.TaskId))
                {
                    found.TryAdd(result.TaskId, run.Id);
                }
            }
        }

        foreach (var run in runs)
        {
            if (found.Count == taskIds.Count)
            {
                break;
            }

            foreach (var task in RunSnapshot.FromJson(run.SettingsJson)?.Tasks ?? [])
            {
                if (taskIds.Contains(task.Id))
                {
                    found.TryAdd(task.Id, run.Id);
                }
            }
        }

        return found;
    }
}
