using TokenGovernor.Core;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>
/// Registers and changes projects, packages and governed tasks, checking what users give before the store
/// sees it. Errors are <see cref="TokenGovException"/>s that name the field at fault.
/// </summary>
public sealed partial class Registry(IGovernorStore store, TimeProvider time)
{
    public IGovernorStore Store { get; } = store;

    public TimeProvider Time { get; } = time;

    public async Task<ProjectRecord> ProjectAsync(string idOrName, CancellationToken cancellationToken) =>
        await Store.FindProjectAsync(idOrName, cancellationToken)
        ?? throw new TokenGovException($"project: no project \"{idOrName}\"; 'token-gov project list' shows the registered ones");

    public async Task<PackageRecord> PackageAsync(string idOrName, string? projectId, CancellationToken cancellationToken)
    {
        var found = await Store.FindPackagesAsync(idOrName, projectId, cancellationToken);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new TokenGovException($"package: no package \"{idOrName}\"{(projectId is null ? "" : " in this project")}; 'token-gov package list' shows them"),
            _ => throw new TokenGovException($"package: \"{idOrName}\" names packages in {found.Count} projects; add --project to say which"),
        };
    }

    public async Task<GovernedTaskRecord> TaskAsync(string taskId, CancellationToken cancellationToken) =>
        await Store.GetTaskAsync(taskId, cancellationToken)
        ?? throw new TokenGovException($"task: no task \"{taskId}\"; 'token-gov task list' shows the registered ones");

    /// <summary>Turns a store conflict into a user error naming <paramref name="field"/>.</summary>
    private static async Task CreateAsync(Func<Task> create, string field)
    {
        try
        {
            await create();
        }
        catch (StoreConflictException conflict)
        {
            throw new TokenGovException($"{field}: {conflict.Message}", conflict);
        }
    }

    private static string RequireText(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? throw new TokenGovException($"{field}: must not be empty")
        : value.Trim();

    private static string NewId() => Guid.CreateVersion7().ToString();
}
