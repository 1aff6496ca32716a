using System.Diagnostics;

namespace TokenGovernor.Engine.Governance;

/// <summary>The little git a checkpoint and a resume need beyond the committer: where HEAD is, and going back to a checkpoint branch.</summary>
internal static class CheckpointGit
{
    /// <summary>The commit HEAD points at, or null outside a git work tree (or with no commit yet).</summary>
    public static async Task<string?> HeadAsync(string repository) =>
        await RunAsync(repository, "rev-parse", "--verify", "--quiet", "HEAD") is (0, var head) && head.Length > 0 ? head : null;

    /// <summary>
    /// Puts a resumed task on its checkpoint branch, so the agent continues from the work it left: only when the
    /// working tree is clean (nothing of the user's or the agent's can be lost) and the branch exists. Returns
    /// whether it did.
    /// </summary>
    public static async Task<bool> CheckOutAsync(string repository, string branch)
    {
        if (await RunAsync(repository, "status", "--porcelain") is not (0, "")
            || await RunAsync(repository, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch) is not (0, _))
        {
            return false;
        }

        return await RunAsync(repository, "checkout", "--quiet", branch) is (0, _);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string repository, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            var output = await git.StandardOutput.ReadToEndAsync();
            await git.StandardError.ReadToEndAsync();
            await git.WaitForExitAsync();
            return (git.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
