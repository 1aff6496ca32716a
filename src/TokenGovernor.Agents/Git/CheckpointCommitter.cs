using System.Globalization;

namespace TokenGovernor.Agents.Git;

/// <summary>A checkpoint saved to git: the branch holding the work in progress and its commit.</summary>
public sealed record GitCheckpoint(string Branch, string Commit, int Number);

/// <summary>
/// Saves whatever an agent left uncommitted in a repository to <c>token-gov/checkpoint/&lt;task&gt;/&lt;n&gt;</c>,
/// without moving the user's branch, touching their index or changing a file in their working tree: the
/// snapshot is built in a temporary index and committed with plumbing commands.
/// </summary>
public static class CheckpointCommitter
{
    public const string BranchPrefix = "token-gov/checkpoint/";

    /// <summary>The checkpoint made, or null when the folder is not a git work tree or nothing differs from HEAD.</summary>
    public static async Task<GitCheckpoint?> CommitWorkInProgressAsync(string repository, string taskId, string message, CancellationToken cancellationToken)
    {
        var inside = await GitCommand.RunAsync(repository, null, cancellationToken, "rev-parse", "--is-inside-work-tree");
        if (inside.ExitCode != 0 || inside.Line != "true")
        {
            return null;
        }

        var temporaryIndex = Path.Combine(Path.GetTempPath(), $"token-gov-index-{Guid.NewGuid():N}");
        try
        {
            var userIndex = Path.GetFullPath(await GitCommand.RequireAsync(repository, null, cancellationToken, "rev-parse", "--git-path", "index"), repository);
            if (File.Exists(userIndex))
            {
                File.Copy(userIndex, temporaryIndex);
            }

            var index = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = temporaryIndex };
            await GitCommand.RequireAsync(repository, index, cancellationToken, "add", "--all", "--", ".");
            var tree = await GitCommand.RequireAsync(repository, index, cancellationToken, "write-tree");
            var head = await GitCommand.RunAsync(repository, null, cancellationToken, "rev-parse", "--verify", "--quiet", "HEAD");
            if (head.ExitCode == 0 && await GitCommand.RequireAsync(repository, null, cancellationToken, "rev-parse", "HEAD^{tree}") == tree)
            {
                return null;
            }

            var commitArgs = new List<string> { "commit-tree", tree, "-m", message };
            if (head.ExitCode == 0)
            {
                commitArgs.AddRange(["-p", head.Line]);
            }

            var commit = await GitCommand.RequireAsync(repository, await IdentityAsync(repository, cancellationToken), cancellationToken, [.. commitArgs]);
            var number = await NextNumberAsync(repository, taskId, cancellationToken);
            var branch = string.Create(CultureInfo.InvariantCulture, $"{BranchPrefix}{taskId}/{number}");
            await GitCommand.RequireAsync(repository, null, cancellationToken, "update-ref", $"refs/heads/{branch}", commit, "");
            return new GitCheckpoint(branch, commit, number);
        }
        finally
        {
            File.Delete(temporaryIndex);
        }
    }

    /// <summary>The user's identity when git has one, else token-gov's, so a checkpoint never fails for want of a name.</summary>
    private static async Task<Dictionary<string, string>> IdentityAsync(string repository, CancellationToken cancellationToken)
    {
        var identity = new Dictionary<string, string>();
        if ((await GitCommand.RunAsync(repository, null, cancellationToken, "config", "user.email")).ExitCode != 0)
        {
            identity["GIT_AUTHOR_NAME"] = identity["GIT_COMMITTER_NAME"] = "token-gov";
            identity["GIT_AUTHOR_EMAIL"] = identity["GIT_COMMITTER_EMAIL"] = "token-gov@localhost";
        }

        return identity;
    }

    private static async Task<int> NextNumberAsync(string repository, string taskId, CancellationToken cancellationToken)
    {
        var refs = await GitCommand.RequireAsync(repository, null, cancellationToken, "for-each-ref", "--format=%(refname)", $"refs/heads/{BranchPrefix}{taskId}/");
        var numbers = refs.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => int.TryParse(name[(name.LastIndexOf('/') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        return numbers.DefaultIfEmpty(0).Max() + 1;
    }
}
