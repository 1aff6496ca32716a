using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage;

/// <summary>The registry: projects, packages, governed tasks and agents.</summary>
public partial interface IGovernorStore
{
    /// <exception cref="StoreConflictException">The id or the name is taken.</exception>
    Task CreateProjectAsync(ProjectRecord project, CancellationToken cancellationToken);

    /// <summary>The project with this id, else the one with this name; null when neither exists.</summary>
    Task<ProjectRecord?> FindProjectAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Every project, by name.</summary>
    Task<IReadOnlyList<ProjectRecord>> ListProjectsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a project's budget; false when the project does not exist.</summary>
    Task<bool> UpdateProjectBudgetAsync(string projectId, Budget budget, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <exception cref="StoreConflictException">The id is taken, or the project has a package of this name.</exception>
    Task CreatePackageAsync(PackageRecord package, CancellationToken cancellationToken);

    /// <summary>Packages whose id or name is <paramref name="idOrName"/>, within one project when given.</summary>
    Task<IReadOnlyList<PackageRecord>> FindPackagesAsync(string idOrName, string? projectId, CancellationToken cancellationToken);

    /// <summary>Packages by project, then priority (highest first), then name; one project's when given.</summary>
    Task<IReadOnlyList<PackageRecord>> ListPackagesAsync(string? projectId, CancellationToken cancellationToken);

    /// <exception cref="StoreConflictException">A task with this id exists.</exception>
    Task CreateTaskAsync(GovernedTaskRecord task, CancellationToken cancellationToken);

    Task<GovernedTaskRecord?> GetTaskAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>Governed tasks matching the query, by project, then id.</summary>
    Task<IReadOnlyList<GovernedTaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a task to <paramref name="to"/> and records the transition, in one transaction, only if its current
    /// state is one of <paramref name="from"/>. Null when the task does not exist or is in another state.
    /// </summary>
    Task<TaskTransitionRecord?> ChangeTaskStateAsync(
        string taskId, IReadOnlyCollection<TaskState> from, TaskState to, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>A task's state changes, oldest first.</summary>
    Task<IReadOnlyList<TaskTransitionRecord>> GetTaskTransitionsAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>Sets a task's checkpoint state; false when the task does not exist.</summary>
    Task<bool> SetCheckpointStateAsync(string taskId, CheckpointState state, DateTimeOffset at, CancellationToken cancellationToken);

    /// <exception cref="StoreConflictException">An agent with this id exists.</exception>
    Task StartAgentAsync(AgentRecord agent, CancellationToken cancellationToken);

    /// <summary>Records an agent's end and, when known, its session id; false when the agent does not exist.</summary>
    Task<bool> EndAgentAsync(string agentId, DateTimeOffset endedAt, string? sessionId, CancellationToken cancellationToken);

    /// <summary>A task's agents, oldest first.</summary>
    Task<IReadOnlyList<AgentRecord>> ListAgentsAsync(string taskId, CancellationToken cancellationToken);
}
