using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

public sealed partial class GovernorService
{
    private static readonly TaskState[] NotStarted = [TaskState.Pending, TaskState.Ready, TaskState.Waiting];

    /// <summary>Pauses, resumes or cancels a task, or asks it to checkpoint; agents learn it from their next usage answer and the live feed.</summary>
    public async Task<TaskView> ControlTaskAsync(ServiceCaller caller, string taskId, TaskAction action, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = await ScopeAsync(taskId, cancellationToken) ?? throw ServiceException.NotFound("id", $"no task \"{taskId}\"");
        caller.EnsureAccess(scope.Project.Id);
        GovernedTaskRecord task;
        try
        {
            task = await _registry.ControlTaskAsync(taskId, action, reason ?? $"{action.ToString().ToLowerInvariant()} requested through the API", cancellationToken);
        }
        catch (TokenGovException error)
        {
            throw new ServiceException(ServiceErrorKind.Conflict, null, error.Message);
        }

        _scopes.TryRemove(taskId, out _);
        var view = TaskView.From(task);
        var type = action switch
        {
            TaskAction.Pause => GovernorEventTypes.Paused,
            TaskAction.Resume => GovernorEventTypes.Resumed,
            TaskAction.Checkpoint => GovernorEventTypes.CheckpointRequested,
            _ => GovernorEventTypes.StateChanged,
        };
        Events.Publish(type, scope.Project.Id, taskId, new { task = taskId, state = view.State, checkpoint = view.Checkpoint, reason = task.StateReason ?? reason });
        return view;
    }

    /// <summary>An external agent says its task is done: completed, or failed with a reason.</summary>
    public async Task<TaskView> FinishTaskAsync(ServiceCaller caller, string taskId, bool succeeded, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = await ScopeAsync(taskId, cancellationToken) ?? throw ServiceException.NotFound("id", $"no task \"{taskId}\"");
        caller.EnsureAccess(scope.Project.Id);
        var to = succeeded ? TaskState.Completed : TaskState.Failed;
        var live = Enum.GetValues<TaskState>().Where(state => !state.IsTerminal()).ToArray();
        var moved = await Store.ChangeTaskStateAsync(taskId, live, to, reason, Time.GetUtcNow(), cancellationToken)
            ?? throw new ServiceException(ServiceErrorKind.Conflict, null, $"task \"{taskId}\" is {scope.Task.State.ToWire()}; it has already finished");
        _scopes.TryRemove(taskId, out _);
        var view = TaskView.From(scope.Task with { State = to, StateReason = reason });
        Events.Publish(succeeded ? GovernorEventTypes.StateChanged : GovernorEventTypes.Failed, scope.Project.Id, taskId,
            new { task = taskId, from = moved.From.ToWire(), state = to.ToWire(), reason });
        return view;
    }

    /// <summary>What a decision changes: a task's first usage starts it; the threshold asks for a checkpoint; an exhausted budget pauses it.</summary>
    private async Task ApplyAsync(GovernedScope scope, Verdict verdict, PolicyOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var task = scope.Task;
        if (NotStarted.Contains(task.State) && verdict.Decision is PolicyDecision.Continue or PolicyDecision.RequestCheckpoint
            && await Store.ChangeTaskStateAsync(task.Id, NotStarted, TaskState.Running, "usage reported through the API", now, cancellationToken) is { } started)
        {
            task = Remember(scope, task with { State = TaskState.Running });
            Events.Publish(GovernorEventTypes.StateChanged, scope.Project.Id, task.Id, new { task = task.Id, from = started.From.ToWire(), state = "running" });
        }

        if (verdict.Decision == PolicyDecision.RequestCheckpoint && task.Checkpoint == CheckpointState.None)
        {
            await Store.SetCheckpointStateAsync(task.Id, CheckpointState.Requested, now, cancellationToken);
            task = Remember(scope, task with { Checkpoint = CheckpointState.Requested });
            var tightest = outcome.Tightest;
            var data = new { task = task.Id, scope = tightest?.Scope.ToWire(), scope_id = tightest?.Id, used_percent = Math.Round((tightest?.UsedFraction ?? 0) * 100, 2), reason = verdict.Reason };
            Events.Publish(GovernorEventTypes.ThresholdCrossed, scope.Project.Id, task.Id, data);
            Events.Publish(GovernorEventTypes.CheckpointRequested, scope.Project.Id, task.Id, data);
        }

        if (verdict.Exhausted is not null && !task.State.IsTerminal() && task.State != TaskState.Paused)
        {
            var live = Enum.GetValues<TaskState>().Where(state => !state.IsTerminal() && state != TaskState.Paused).ToArray();
            if (await Store.ChangeTaskStateAsync(task.Id, live, TaskState.Paused, verdict.Reason, now, cancellationToken) is not null)
            {
                Remember(scope, task with { State = TaskState.Paused, StateReason = verdict.Reason });
                var data = new { task = task.Id, decision = verdict.Decision.ToWire(), scope = verdict.Exhausted.Value.ToWire(), reason = verdict.Reason, resumes_at = verdict.ResumesAt };
                Events.Publish(GovernorEventTypes.BudgetExhausted, scope.Project.Id, task.Id, data);
                Events.Publish(GovernorEventTypes.Paused, scope.Project.Id, task.Id, data);
            }
        }
    }

    private GovernedTaskRecord Remember(GovernedScope scope, GovernedTaskRecord task)
    {
        _scopes[task.Id] = new Cached<GovernedScope>(scope with { Task = task }, Time.GetUtcNow());
        return task;
    }

    /// <summary>A task with the budgets above it, read again when older than the scope TTL; null when there is no such task.</summary>
    private async Task<GovernedScope?> ScopeAsync(string taskId, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (_scopes.TryGetValue(taskId, out var cached) && cached.FreshAt(now, Options.ScopeTtl))
        {
            return cached.Value;
        }

        if (await Store.GetTaskAsync(taskId, cancellationToken) is not { } task
            || await Store.FindProjectAsync(task.ProjectId, cancellationToken) is not { } project)
        {
            return null;
        }

        var package = task.PackageId is { } packageId
            ? (await Store.FindPackagesAsync(packageId, project.Id, cancellationToken)).FirstOrDefault(found => found.Id == packageId)
            : null;
        var scope = new GovernedScope(task, project, package);
        _scopes[taskId] = new Cached<GovernedScope>(scope, now);
        return scope;
    }
}
