using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

internal sealed partial class RunGovernor
{
    /// <summary>Called after each usage event is in the ledger with the decision taken on it (for the live feed of <c>serve</c>).</summary>
    public Action<UsageEventRecord, DecisionRecord>? Metered { get; set; }

    /// <summary>
    /// Reads a waiting task's budgets again from the store, so a limit raised meanwhile — by <c>project set-budget</c> in
    /// another process — counts for its admission and everything after it.
    /// </summary>
    public async Task ReloadBudgetsAsync(string taskId)
    {
        if (!scopes.TryGetValue(taskId, out var scope)
            || await store.FindProjectAsync(scope.Project.Id, CancellationToken.None) is not { } project)
        {
            return;
        }

        var task = await store.GetTaskAsync(taskId, CancellationToken.None) ?? scope.Task;
        var package = task.PackageId is { } packageId
            ? (await store.FindPackagesAsync(packageId, project.Id, CancellationToken.None)).FirstOrDefault(found => found.Id == packageId)
            : null;
        if (project.Budget != scope.Project.Budget || task.Budget != scope.Task.Budget || package?.Budget != scope.Package?.Budget)
        {
            scopes[taskId] = new GovernedScope(scope.Task with { Budget = task.Budget }, project, package);
        }
    }
}
