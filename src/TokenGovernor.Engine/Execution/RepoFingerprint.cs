using System.Diagnostics;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// What a repository looks like to git: its HEAD and the porcelain status of every file. Two equal fingerprints
/// mean an agent changed nothing there. Null outside a git work tree, where no change can be told.
/// </summary>
internal static class RepoFingerprint
{
    public static async Task<string?> TakeAsync(string repository)
    {
        if (await GitAsync(repository, "rev-parse", "--is-inside-work-tree") is not (0, "true"))
        {
            return null;
        }

        var head = await GitAsync(repository, "rev-parse", "--verify", "--quiet", "HEAD");
        var status = await GitAsync(repository, "status", "--porcelain", "--untracked-files=all");
        return status.ExitCode == 0 ? $"{head.Output}\n{status.Output}" : null;
    }

    private static async Task<(int ExitCode, string Output)> GitAsync(string repository, params string[] arguments)
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
