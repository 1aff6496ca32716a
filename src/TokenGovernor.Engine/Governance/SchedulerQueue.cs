using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>One task the scheduler holds: paused or waiting, where it stands in the resume order, and whether its budget has room now.</summary>
public sealed record QueuedTask(GovernedTaskRecord Task, ProjectRecord Project, bool HasRoom, CheckpointRecord? Checkpoint);

/// <summary>
/// The scheduler's queue as the store holds it, for <c>scheduler status|resume</c>: governed tasks paused or waiting,
/// in the order they resume (project tier, then priority, then age), each with whether its budgets — with its
/// estimate reserved — are below its checkpoint threshold now.
/// </summary>
public static class SchedulerQueue
{
    private static readonly TaskState[] Queued = [TaskState.Paused, TaskState.Waiting];

    public static async Task<IReadOnlyList<QueuedTask>> ListAsync(Registry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var store = registry.Store;
        var config = await store.GetGovernorConfigAsync(cancellationToken);
        var now = registry.Time.GetUtcNow();
        var entries = new Dictionary<string, QueuedTask>(StringComparer.Ordinal);
        var candidates = new List<ResumeCandidate>();
        foreach (var state in Queued)
        {
            foreach (var task in await store.ListTasksAsync(new TaskQuery(State: state), cancellationToken))
            {
                var project = await registry.ProjectAsync(task.ProjectId, cancellationToken);
                var package = task.PackageId is { } packageId
                    ? (await store.FindPackagesAsync(packageId, project.Id, cancellationToken)).FirstOrDefault(found => found.Id == packageId)
                    : null;
                var scope = new GovernedScope(task, project, package);
                var threshold = config.AdaptiveThreshold
                    ? AdaptiveThreshold.For(config.Threshold, await store.ListThresholdObservationsAsync(task.Estimate.Class, cancellationToken))
                    : config.Threshold;
                var levels = new List<BudgetLevel>();
                foreach (var claim in scope.Claims)
                {
                    var spent = await store.SumUsageAsync(claim.Scope, claim.Id, claim.Budget.Window.Current(now), cancellationToken);
                    var reserved = await store.SumReservationsAsync(claim.Scope, claim.Id, null, cancellationToken);
                    levels.Add(new BudgetLevel(claim.Scope, claim.Id, claim.Budget, spent.CountedBy(claim.Budget), new Spend(reserved + scope.ReservationTokens, 0m)));
                }

                var checkpoints = await store.ListCheckpointsAsync(task.Id, cancellationToken);
                var hasRoom = Policy.Decide(levels, threshold).Decision == PolicyDecision.Continue;
                entries[task.Id] = new QueuedTask(task, project, hasRoom, checkpoints.Count > 0 ? checkpoints[^1] : null);
                candidates.Add(new ResumeCandidate(task.Id, project.Tier, task.Priority, task.UpdatedAt));
            }
        }

        return [.. ResumeOrder.Order(candidates).Select(candidate => entries[candidate.TaskId])];
    }

    /// <summary>
    /// Makes paused tasks ready for the next <c>run</c>: the one named (whether or not its budget has room — the user
    /// decides), else every paused task whose budget has room now. Returns the tasks resumed.
    /// </summary>
    public static async Task<IReadOnlyList<QueuedTask>> ResumeAsync(Registry registry, string? taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var queue = await ListAsync(registry, cancellationToken);
        List<QueuedTask> chosen;
        if (taskId is not null)
        {
            var named = queue.FirstOrDefault(entry => entry.Task.Id == taskId);
            if (named is null || named.Task.State != TaskState.Paused)
            {
                var task = await registry.TaskAsync(taskId, cancellationToken);
                throw new TokenGovException($"task: {taskId} is {task.State.ToWire()}, not paused; only a paused task resumes");
            }

            chosen = [named];
        }
        else
        {
            chosen = [.. queue.Where(entry => entry.Task.State == TaskState.Paused && entry.HasRoom)];
        }

        var resumed = new List<QueuedTask>();
        foreach (var entry in chosen)
        {
            var moved = await registry.Store.ChangeTaskStateAsync(entry.Task.Id, [TaskState.Paused], TaskState.Ready, "resumed by the scheduler", registry.Time.GetUtcNow(), cancellationToken);
            if (moved is not null)
            {
                await registry.Store.SetResumesAtAsync(entry.Task.Id, null, cancellationToken);
                resumed.Add(entry);
            }
        }

        return resumed;
    }
}
