using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Governance;

namespace TokenGovernor.Engine.Service;

public sealed partial class GovernorService
{
    public async Task<ProjectView> RegisterProjectAsync(ServiceCaller caller, ProjectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        caller.EnsureAdmin("registering a project");
        var registration = new ProjectRegistration(
            request.Id, Required(request.Name, "name"), Required(request.Owner, "owner"), request.Tier ?? 2, request.BudgetTokens, request.BudgetUsd,
            request.Window ?? "total", request.TimeZone, null, request.Count);
        var project = await Guarded(() => _registry.RegisterProjectAsync(registration, cancellationToken));
        var view = ProjectView.From(project);
        Events.Publish(GovernorEventTypes.Registered, project.Id, null, new { kind = "project", project = view });
        return view;
    }

    public async Task<PackageView> RegisterPackageAsync(ServiceCaller caller, PackageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var project = await Guarded(() => _registry.ProjectAsync(Required(request.Project, "project"), cancellationToken));
        caller.EnsureAccess(project.Id);
        var registration = new PackageRegistration(project.Id, request.Id, Required(request.Name, "name"), request.BudgetTokens, request.BudgetUsd, request.Priority ?? 0, request.Deadline);
        var package = await Guarded(() => _registry.AddPackageAsync(registration, cancellationToken));
        var view = PackageView.From(package);
        Events.Publish(GovernorEventTypes.Registered, project.Id, null, new { kind = "package", package = view });
        return view;
    }

    public async Task<TaskView> RegisterTaskAsync(ServiceCaller caller, TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var project = await Guarded(() => _registry.ProjectAsync(Required(request.Project, "project"), cancellationToken));
        caller.EnsureAccess(project.Id);
        var registration = new TaskRegistration(
            project.Id, request.Package, request.Id, Required(request.Title, "title"), request.BudgetTokens, request.BudgetUsd, request.Complexity,
            request.Estimate, Prompt: request.Prompt, Runner: request.Runner, Parent: request.Parent, Priority: request.Priority ?? 0);
        var task = await Guarded(() => _registry.AddTaskAsync(registration, Estimator.Default, cancellationToken));
        var view = TaskView.From(task);
        Events.Publish(GovernorEventTypes.Registered, project.Id, task.Id, new { kind = "task", task = view });
        return view;
    }

    private static string Required(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? throw ServiceException.BadField(field, "is required")
        : value;
}
