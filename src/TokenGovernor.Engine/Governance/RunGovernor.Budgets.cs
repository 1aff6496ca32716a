using System.Collections.Concurrent;
using System.Diagnostics;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

internal sealed partial class RunGovernor
{
    /// <summary>Called after each usage event is in the ledger with the decision taken on it (for the live feed of <c>serve</c>).</summary>
    public Action<UsageEventRecord, DecisionRecord>? Metered { get; set; }

    /// <summary>How often a running task's budgets are read again from the store.</summary>
    internal static readonly TimeSpan BudgetRefresh = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, long> _budgetsReadAt = new(StringComparer.Ordinal);

    /// <summary>
    /// The task's scope with its budgets as the store has them now, read again at most every
    /// <see cref="BudgetRefresh"/> (of real time, whatever the governance clock says): a limit lowered or raised by
    /// <c>project set-budget</c> while the task runs counts from its next usage event on.
    /// </summary>
    private async Task<GovernedScope> CurrentScopeAsync(GovernedScope scope)
    {
        var taskId = scope.Task.Id;
        var now = Stopwatch.GetTimestamp();
        if (_budgetsReadAt.TryGetValue(taskId, out var readAt) && Stopwatch.GetElapsedTime(readAt, now) < BudgetRefresh)
        {
            return scope;
        }

        _budgetsReadAt[taskId] = now;
        await ReloadBudgetsAsync(taskId);
        return scopes.TryGetValue(taskId, out var current) ? current : scope;
    }

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
