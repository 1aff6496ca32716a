namespace TokenGovernor.Agents.Git;

/// <summary>Asks git a question about a repository; a missing git or a folder that is not a repository is an answer too.</summary>
public static class GitQuery
{
    /// <summary>git's exit code and its trimmed stdout; (-1, "") when git cannot be started.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string repository, params string[] arguments)
    {
        try
        {
            var output = await GitCommand.RunAsync(repository, null, CancellationToken.None, arguments);
            return (output.ExitCode, output.Line);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
