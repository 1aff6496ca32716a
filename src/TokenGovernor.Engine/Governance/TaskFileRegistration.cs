using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Engine.Governance;

/// <summary>
/// Registers what task files name before a run starts: each task that names a project (by id or name, which
/// must be registered) becomes a governed task with its budget and estimate, and a package the project does
/// not have yet is added to it. Tasks already registered are left as they are. An unknown project or a budget
/// that does not fit is an input error, so nothing runs.
/// </summary>
public static class TaskFileRegistration
{
    /// <summary>Registers and returns how many packages and tasks were new.</summary>
    public static async Task<(int Packages, int Tasks)> RegisterAsync(Registry registry, IReadOnlyList<TaskDefinition> tasks, string owner, CancellationToken cancellationToken)
    {
        var (packages, registered) = (0, 0);
        foreach (var task in tasks.Where(task => task.Project is not null))
        {
            // A project carries the budget everything under it shares, so it is registered on purpose, not made up here.
            var project = await registry.Store.FindProjectAsync(task.Project!, cancellationToken)
                ?? throw new TokenGovException(
                    $"{task.SourceFile}: {task.JsonPath}.project names \"{task.Project}\", which is not registered; " +
                    $"register it first: token-gov register --name {task.Project} --owner {owner} --budget TOKENS");

            if (task.Package is { } packageName && (await registry.Store.FindPackagesAsync(packageName, project.Id, cancellationToken)).Count == 0)
            {
                await registry.AddPackageAsync(new PackageRegistration(project.Id, null, packageName, null, null, task.Priority, null), cancellationToken);
                packages++;
            }

            if (await registry.Store.GetTaskAsync(task.Id, cancellationToken) is not null)
            {
                continue;
            }

            await registry.AddTaskAsync(
                new TaskRegistration(project.Id, task.Package, task.Id, task.Title, task.Budget?.Tokens, task.Budget?.Usd, null, task.Estimate,
                    task.Difficulty, task.Score, task.Prompt, task.Runner, null, task.Priority),
                Estimator.Default,
                cancellationToken);
            registered++;
        }

        return (packages, registered);
    }

    /// <summary>Brings the governed tasks a run touched to the state the run left them in.</summary>
    public static async Task RecordOutcomesAsync(Registry registry, IEnumerable<(string TaskId, TaskState State, string? Reason)> outcomes, CancellationToken cancellationToken)
    {
        var now = registry.Time.GetUtcNow();
        foreach (var (taskId, state, reason) in outcomes)
        {
            if (await registry.Store.GetTaskAsync(taskId, cancellationToken) is { } task && task.State != state)
            {
                await registry.Store.ChangeTaskStateAsync(taskId, [task.State], state, reason, now, cancellationToken);
            }
        }
    }
}
