using System.Diagnostics;

namespace TokenGovernor.Agents.Git;

/// <summary>The outcome of one git command.</summary>
internal sealed record GitOutput(int ExitCode, string Stdout, string Stderr)
{
    public string Line => Stdout.Trim();
}

/// <summary>Runs plain <c>git</c> (argv lists, no shell) in a repository, with extra environment variables.</summary>
internal static class GitCommand
{
    public static async Task<GitOutput> RunAsync(string repository, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(repository);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Never ask anything: no editor, no pager, no credential prompt.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_EDITOR"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new GitOutput(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> RequireAsync(string repository, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, params string[] args)
    {
        var output = await RunAsync(repository, environment, cancellationToken, args);
        return output.ExitCode == 0
            ? output.Line
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {repository}: {output.Stderr.Trim()}");
    }
}
