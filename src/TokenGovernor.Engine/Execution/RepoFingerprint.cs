using TokenGovernor.Agents.Git;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// What a repository looks like to git: its HEAD and the porcelain status of every file. Two equal fingerprints
/// mean an agent changed nothing there. Null outside a git work tree, where no change can be told.
/// </summary>
internal static class RepoFingerprint
{
    public static async Task<string?> TakeAsync(string repository)
    {
        if (await GitQuery.RunAsync(repository, "rev-parse", "--is-inside-work-tree") is not (0, "true"))
        {
            return null;
        }

        var head = await GitQuery.RunAsync(repository, "rev-parse", "--verify", "--quiet", "HEAD");
        var status = await GitQuery.RunAsync(repository, "status", "--porcelain", "--untracked-files=all");
        return status.ExitCode == 0 ? $"{head.Output}\n{status.Output}" : null;
    }
}
