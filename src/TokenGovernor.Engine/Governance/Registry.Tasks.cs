using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

public sealed partial class Registry
{
    public async Task<GovernedTaskRecord> AddTaskAsync(TaskRegistration registration, Estimator estimator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(estimator);
        var project = await ProjectAsync(registration.Project, cancellationToken);
        var package = registration.Package is null ? null : await PackageAsync(registration.Package, project.Id, cancellationToken);
        var title = RequireText(registration.Title, "title");
        Budget.EnsurePositive(registration.Tokens, registration.Usd);
        if (registration.Estimate is < 0)
        {
            throw new TokenGovException($"estimate: {registration.Estimate} is not an estimate; give a number of tokens, 0 or more");
        }

        var budget = new Budget(registration.Tokens, registration.Usd, BudgetWindow.Total);
        // Both levels: a package without a budget of its own still sits under its project's.
        if (package is not null)
        {
            EnsureWithin(budget, package.Budget, $"package \"{package.Name}\"");
        }

        EnsureWithin(budget, project.Budget, $"project \"{project.Name}\"");
        if (registration.Parent is { } parent && (await TaskAsync(parent, cancellationToken)).ProjectId != project.Id)
        {
            throw new TokenGovException($"parent: task \"{parent}\" belongs to another project");
        }

        var request = new EstimateRequest(
            registration.Estimate, ParseComplexity(registration.Complexity), registration.Difficulty, registration.Score, registration.Prompt ?? title);
        var estimate = await Estimates.EstimateAsync(Store, estimator, project.Id, registration.Runner, request, cancellationToken);
        var now = Time.GetUtcNow();
        var task = new GovernedTaskRecord(
            RequireText(registration.Id ?? NewId(), "id"), project.Id, package?.Id, registration.Parent, title, registration.Runner,
            estimate, budget, registration.Priority, TaskState.Pending, null, CheckpointState.None, now, now);
        await CreateAsync(() => Store.CreateTaskAsync(task, cancellationToken), "id");
        return task;
    }

    /// <summary>Pauses, resumes or cancels a task, or asks it to checkpoint; refuses with a reason when its state does not allow it.</summary>
    public async Task<GovernedTaskRecord> ControlTaskAsync(string taskId, TaskAction action, string? reason, CancellationToken cancellationToken)
    {
        var task = await TaskAsync(taskId, cancellationToken);
        var from = TaskControl.From(action);
        if (!from.Contains(task.State))
        {
            throw new TokenGovException(TaskControl.Refusal(action, taskId, task.State));
        }

        var now = Time.GetUtcNow();
        if (TaskControl.To(action) is not { } to)
        {
            await Store.SetCheckpointStateAsync(taskId, CheckpointState.Requested, now, cancellationToken);
            return task with { Checkpoint = CheckpointState.Requested, UpdatedAt = now };
        }

        // Another process may have moved the task since it was read: the store checks the state again.
        var moved = await Store.ChangeTaskStateAsync(taskId, from, to, reason, now, cancellationToken);
        return moved is null
            ? throw new TokenGovException(TaskControl.Refusal(action, taskId, (await TaskAsync(taskId, cancellationToken)).State))
            : task with { State = to, StateReason = reason, UpdatedAt = now };
    }

    public static ComplexityClass? ParseComplexity(string? text) => text is null
        ? null
        : ComplexityClasses.TryParse(text, out var value)
            ? value
            : throw new TokenGovException($"complexity: \"{text}\" is not a complexity class; use {ComplexityClasses.Choices}");
}
