using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

public sealed partial class GovernorService
{
    public async Task<IReadOnlyList<ProjectView>> ListProjectsAsync(ServiceCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var projects = await Store.ListProjectsAsync(cancellationToken);
        return [.. projects.Where(project => caller.CanAccess(project.Id)).Select(ProjectView.From)];
    }

    public async Task<IReadOnlyList<PackageView>> ListPackagesAsync(ServiceCaller caller, string? project, CancellationToken cancellationToken)
    {
        var projectId = await ProjectFilterAsync(caller, project, cancellationToken);
        var packages = await Store.ListPackagesAsync(projectId, cancellationToken);
        return [.. packages.Where(package => caller.CanAccess(package.ProjectId)).Select(PackageView.From)];
    }

    public async Task<IReadOnlyList<TaskView>> ListTasksAsync(ServiceCaller caller, string? project, string? state, CancellationToken cancellationToken)
    {
        var projectId = await ProjectFilterAsync(caller, project, cancellationToken);
        TaskState? wanted = null;
        if (state is not null)
        {
            wanted = TaskStates.TryParse(state, out var parsed)
                ? parsed
                : throw ServiceException.BadField("state", $"\"{state}\" is not a task state; use {string.Join(", ", Enum.GetValues<TaskState>().Select(value => value.ToWire()))}");
        }

        var tasks = await Store.ListTasksAsync(new TaskQuery(projectId, State: wanted), cancellationToken);
        return [.. tasks.Where(task => caller.CanAccess(task.ProjectId)).Select(TaskView.From)];
    }

    public async Task<IReadOnlyList<AgentView>> ListAgentsAsync(ServiceCaller caller, string? project, CancellationToken cancellationToken)
    {
        var projectId = await ProjectFilterAsync(caller, project, cancellationToken);
        return [.. (await Store.ListRecentAgentsAsync(projectId, 1000, cancellationToken)).Select(AgentView.From)];
    }

    /// <summary>Tasks with a checkpoint requested or saved, newest change first, each with the checkpoints saved for it.</summary>
    public async Task<IReadOnlyList<CheckpointView>> ListCheckpointsAsync(ServiceCaller caller, string? project, CancellationToken cancellationToken)
    {
        var projectId = await ProjectFilterAsync(caller, project, cancellationToken);
        var tasks = await Store.ListTasksAsync(new TaskQuery(projectId), cancellationToken);
        var savedByTask = (await Store.ListProjectCheckpointsAsync(projectId, cancellationToken)).ToLookup(saved => saved.TaskId, StringComparer.Ordinal);
        var views = new List<CheckpointView>();
        foreach (var task in tasks.Where(task => caller.CanAccess(task.ProjectId)).OrderByDescending(task => task.UpdatedAt))
        {
            var saved = savedByTask[task.Id].ToList();
            if (task.Checkpoint != CheckpointState.None || saved.Count > 0)
            {
                views.Add(new CheckpointView(
                    task.Id, task.ProjectId, task.State.ToWire(), task.Checkpoint.ToWire(), task.StateReason, task.UpdatedAt, [.. saved.Select(SavedCheckpointView.From)]));
            }
        }

        return views;
    }

    /// <summary>Ledger totals over [from, to) grouped by day, model or task; a project key sees only its project.</summary>
    public async Task<IReadOnlyList<UsageGroupView>> ListUsageAsync(
        ServiceCaller caller, DateTimeOffset? from, DateTimeOffset? to, string? group, string? project, CancellationToken cancellationToken)
    {
        var projectId = await ProjectFilterAsync(caller, project, cancellationToken);
        var grouping = group switch
        {
            null or "day" => UsageGrouping.Day,
            "model" => UsageGrouping.Model,
            "task" => UsageGrouping.Task,
            _ => throw ServiceException.BadField("group", $"\"{group}\" is not a grouping; use day, model or task"),
        };
        var end = to ?? Time.GetUtcNow().AddSeconds(1);
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            throw ServiceException.BadField("from", "must be before to");
        }

        return [.. (await Store.SumUsageGroupedAsync(start, end, grouping, projectId, cancellationToken)).Select(UsageGroupView.From)];
    }

    /// <summary>A status report of one project, package, task or agent, short enough for a model's context.</summary>
    public async Task<StatusReport> StatusAsync(ServiceCaller caller, string level, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        switch (level)
        {
            case "project":
            {
                var project = await Store.FindProjectAsync(id, cancellationToken) ?? throw ServiceException.NotFound("id", $"no project \"{id}\"");
                caller.EnsureAccess(project.Id);
                var status = await BudgetStatus.ReadAsync(Store, BudgetScope.Project, project.Id, project.Budget, Time, cancellationToken);
                var tasks = await Store.ListTasksAsync(new TaskQuery(project.Id), cancellationToken);
                return Report("project", project.Id, project.Name, null, status, Counts(tasks), null);
            }

            case "package":
            {
                var matches = await Store.FindPackagesAsync(id, caller.ProjectId, cancellationToken);
                var package = (matches.Count > 0 ? matches[0] : null)
                    ?? throw ServiceException.NotFound("id", $"no package \"{id}\"");
                caller.EnsureAccess(package.ProjectId);
                var project = (await Store.FindProjectAsync(package.ProjectId, cancellationToken))!;
                var status = await BudgetStatus.ReadAsync(Store, BudgetScope.Package, package.Id, package.Budget.Under(project.Budget), Time, cancellationToken);
                var tasks = await Store.ListTasksAsync(new TaskQuery(project.Id, package.Id), cancellationToken);
                return Report("package", package.Id, package.Name, null, status, Counts(tasks), null);
            }

            case "task":
                return await TaskStatusAsync(caller, "task", id, null, cancellationToken);

            case "agent":
            {
                var agent = await Store.FindAgentAsync(id, cancellationToken) ?? throw ServiceException.NotFound("id", $"no agent \"{id}\"");
                return await TaskStatusAsync(caller, "agent", agent.TaskId, agent, cancellationToken);
            }

            default:
                throw ServiceException.BadField("level", $"\"{level}\" is not a level; use project, package, task or agent");
        }
    }

    private async Task<StatusReport> TaskStatusAsync(ServiceCaller caller, string level, string taskId, AgentRecord? agent, CancellationToken cancellationToken)
    {
        _scopes.TryRemove(taskId, out _);
        var scope = await ScopeAsync(taskId, cancellationToken) ?? throw ServiceException.NotFound("id", $"no task \"{taskId}\"");
        caller.EnsureAccess(scope.Project.Id);
        var statuses = new List<BudgetStatus>(scope.Claims.Count);
        foreach (var claim in scope.Claims)
        {
            statuses.Add(await BudgetStatus.ReadAsync(Store, claim.Scope, claim.Id, claim.Budget, Time, cancellationToken));
        }

        var own = statuses.FirstOrDefault(status => status.Scope == BudgetScope.Task)
            ?? await BudgetStatus.ReadAsync(Store, BudgetScope.Task, taskId, scope.Task.Budget.Under(scope.Project.Budget), Time, cancellationToken);
        var decision = Policy.Decide(statuses.Select(status => status.Level), (await ConfigAsync(cancellationToken)).Threshold);
        var task = scope.Task;
        var note = decision.Tightest is { } tightest && tightest.Scope != BudgetScope.Task
            ? $"{tightest.Scope.ToWire()} {Math.Round(tightest.UsedFraction * 100, 1)}% used"
            : task.StateReason;
        var report = Report(level, agent?.Id ?? task.Id, task.Title, task.State.ToWire(), own, null, note);
        return report with { Decision = decision.Decision.ToWire() };
    }

    private static StatusReport Report(string level, string id, string name, string? state, BudgetStatus status, IReadOnlyDictionary<string, int>? tasks, string? note) =>
        new(level, id, Shorten(name, 60), state, status.Spent.Tokens, status.Budget.Tokens, status.Spent.Usd, status.Budget.Usd,
            Math.Round(status.Headroom.UsedFraction * 100, 1), status.Budget.Window.ToWire(), null, tasks, note is null ? null : Shorten(note, 120));

    private static Dictionary<string, int> Counts(IEnumerable<GovernedTaskRecord> tasks) =>
        tasks.GroupBy(task => task.State.ToWire()).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    /// <summary>The project a listing is limited to: the one asked for (which the key must reach), else a project key's own.</summary>
    private async Task<string?> ProjectFilterAsync(ServiceCaller caller, string? project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (project is null)
        {
            return caller.ProjectId;
        }

        var found = await Store.FindProjectAsync(project, cancellationToken) ?? throw ServiceException.NotFound("project", $"no project \"{project}\"");
        caller.EnsureAccess(found.Id);
        return found.Id;
    }
}
