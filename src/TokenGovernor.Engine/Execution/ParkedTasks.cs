using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// The scheduler's queue within a run: governed tasks paused or waiting for budget. They start again when budget
/// frees — a window rolls over, a limit is raised, a reservation comes back — in project tier, then priority, then
/// age order (<see cref="ResumeOrder"/>), at most as fast as the start-rate limit allows.
/// </summary>
internal sealed class ParkedTasks(RunGovernor? governor, TimeProvider time)
{
    private readonly Dictionary<string, Parked> _parked = new(StringComparer.Ordinal);
    private readonly StartRateLimit? _rate = governor is null ? null : new StartRateLimit(governor.Config.StartsPerMinute);

    public int Count => _parked.Count;

    /// <summary>True when some parked task's budget refills with time, so waiting can end by itself.</summary>
    public bool CanFreeBySelf => _parked.Values.Any(parked => parked.Outcome.ResumesAt is not null);

    public bool Contains(string taskId) => _parked.ContainsKey(taskId);

    public void Park(TaskDefinition task, TaskOutcome outcome, DateTimeOffset? resumesAt)
    {
        outcome.ResumesAt = resumesAt;
        _parked[task.Id] = new Parked(task, outcome, time.GetUtcNow());
    }

    /// <summary>
    /// The first parked task, in resume order, whose budget has room and that <paramref name="canStart"/> accepts
    /// (workers, repo, runner limits and the admission reservation); null when none may start now.
    /// </summary>
    public TaskDefinition? TryTake(Func<TaskDefinition, bool> canStart)
    {
        if (_parked.Count == 0 || governor is null || !_rate!.CanStart(time.GetUtcNow()))
        {
            return null;
        }

        var order = ResumeOrder.Order(_parked.Values.Select(parked =>
            new ResumeCandidate(parked.Task.Id, governor.Scope(parked.Task.Id).Project.Tier, parked.Task.Priority, parked.Since)));
        foreach (var candidate in order)
        {
            var parked = _parked[candidate.TaskId];
            // A limit raised meanwhile (in this process or another) counts from this look on.
            governor.ReloadBudgetsAsync(candidate.TaskId).GetAwaiter().GetResult();
            // A task paused at its checkpoint threshold would be asked to checkpoint again at once: it waits until its
            // budgets are below the threshold even with its estimate reserved.
            if (parked.Outcome.State == TaskState.Paused && !governor.HasRoomToResumeAsync(candidate.TaskId).GetAwaiter().GetResult())
            {
                continue;
            }

            if (canStart(parked.Task))
            {
                _parked.Remove(candidate.TaskId);
                _rate.Started(time.GetUtcNow());
                return parked.Task;
            }
        }

        return null;
    }

    /// <summary>How long the dispatch loop may sleep before looking again.</summary>
    public TimeSpan NextLook(TimeSpan poll)
    {
        var now = time.GetUtcNow();
        var untilNextStart = (_rate?.NextStart(now) ?? now) - now;
        return untilNextStart > TimeSpan.Zero && untilNextStart < poll ? untilNextStart : poll;
    }

    /// <summary>Takes every parked task out, in resume order.</summary>
    public IReadOnlyList<TaskDefinition> Drain()
    {
        var drained = _parked.Values.OrderBy(parked => parked.Task.Priority).ThenBy(parked => parked.Since).Select(parked => parked.Task).ToList();
        _parked.Clear();
        return drained;
    }

    private sealed record Parked(TaskDefinition Task, TaskOutcome Outcome, DateTimeOffset Since);
}
