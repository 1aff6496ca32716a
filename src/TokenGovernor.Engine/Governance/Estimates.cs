using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>Estimates with the store's history: completed tasks of the same project, runner and class.</summary>
public static class Estimates
{
    public static async Task<Estimate> EstimateAsync(
        IGovernorStore store, Estimator estimator, string? projectId, string? runner, EstimateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(request);
        if (projectId is null || request.Explicit is not null)
        {
            return estimator.Estimate(request);
        }

        var usages = await store.GetCompletedTaskUsageAsync(projectId, estimator.Classify(request), runner, cancellationToken);
        return estimator.Estimate(request with { History = [.. usages.Select(usage => usage.Total)] });
    }

    /// <summary>A registered task's estimate now: history when enough like tasks have completed since, else what it was given.</summary>
    public static async Task<Estimate> ForTaskAsync(IGovernorStore store, Estimator estimator, GovernedTaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(task);
        if (task.Estimate.Source == EstimateSource.Explicit)
        {
            return task.Estimate;
        }

        var usages = await store.GetCompletedTaskUsageAsync(task.ProjectId, task.Estimate.Class, task.Runner, cancellationToken);
        var history = estimator.Estimate(new EstimateRequest(Class: task.Estimate.Class, History: [.. usages.Select(usage => usage.Total)]));
        return history.Source == EstimateSource.History ? history : task.Estimate;
    }
}
