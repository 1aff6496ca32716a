using System.Diagnostics;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>
/// The pinned agent CLIs, installed once by tools/agents/install.sh, and whether a loopback-only network namespace
/// can be made here. When either is missing, the tests that need them are skipped with the reason.
/// </summary>
public static class AgentClis
{
    private static readonly Lazy<(string? Bin, string? Problem)> Installed = new(Install);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Tool(string name) => Path.Combine(RepoRoot, "tools", "agents", name);

    /// <summary>Why the CLI tests cannot run here, or null when they can.</summary>
    public static string? Problem => Installed.Value.Problem;

    public static string Binary(string cli) => Path.Combine(Installed.Value.Bin!, cli);

    private static (string?, string?) Install()
    {
        var (exit, stdout, stderr) = Run(Tool("install.sh"));
        if (exit != 0)
        {
            return (null, $"agent CLIs not installed: tools/agents/install.sh exited {exit}: {Last(stderr)}");
        }

        var (isolatedExit, _, isolatedError) = Run(Tool("isolated.sh"), "--", "true");
        if (isolatedExit != 0)
        {
            return (null, $"no loopback-only network namespace here (tools/agents/isolated.sh exited {isolatedExit}): {Last(isolatedError)}");
        }

        return (stdout.Trim().Split('\n')[^1], null);
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill();
            return (-1, string.Empty, "timed out after 10 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Last(string text) => string.Join(" | ", text.Trim().Split('\n').TakeLast(3));

    private static string FindRepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenGovernor.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("TokenGovernor.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test that runs a real agent CLI; skipped, with the reason, when the CLIs cannot be installed or isolated here.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AgentCliFactAttribute : FactAttribute
{
    public AgentCliFactAttribute()
    {
        if (AgentClis.Problem is { } problem)
        {
            Skip = problem;
        }
    }
}

/// <summary>A theory that runs a real agent CLI; skipped, with the reason, when the CLIs cannot be installed or isolated here.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AgentCliTheoryAttribute : TheoryAttribute
{
    public AgentCliTheoryAttribute()
    {
        if (AgentClis.Problem is { } problem)
        {
            Skip = problem;
        }
    }
}
