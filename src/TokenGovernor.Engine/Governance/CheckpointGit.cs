using TokenGovernor.Agents.Git;

namespace TokenGovernor.Engine.Governance;

/// <summary>The little git a checkpoint and a resume need beyond the committer: where HEAD is, and going back to a checkpoint branch.</summary>
internal static class CheckpointGit
{
    /// <summary>The commit HEAD points at, or null outside a git work tree (or with no commit yet).</summary>
    public static async Task<string?> HeadAsync(string repository) =>
        await GitQuery.RunAsync(repository, "rev-parse", "--verify", "--quiet", "HEAD") is (0, var head) && head.Length > 0 ? head : null;

    /// <summary>
    /// Puts a resumed task on its checkpoint branch, so the agent continues from the work it left: only when the
    /// working tree is clean (nothing of the user's or the agent's can be lost) and the branch exists. Returns
    /// whether it did.
    /// </summary>
    public static async Task<bool> CheckOutAsync(string repository, string branch)
    {
        if (await GitQuery.RunAsync(repository, "status", "--porcelain") is not (0, "")
            || await GitQuery.RunAsync(repository, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch) is not (0, _))
        {
            return false;
        }

        return await GitQuery.RunAsync(repository, "checkout", "--quiet", branch) is (0, _);
    }
}
