using System.Diagnostics;

namespace TokenGovernor.Tests.Shared;

/// <summary>git in a test's repository, committing as "Dev"; a git that fails fails the test with its message.</summary>
public static class TestGit
{
    /// <summary>Runs git in <paramref name="repo"/> and returns what it printed, trimmed.</summary>
    public static string Run(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        foreach (var arg in (string[])["-c", "user.name=Dev", "-c", "user.email=dev@example.com", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, git.StandardError.ReadToEnd());
        return output.Trim();
    }
}
