using System.Diagnostics;
using System.Runtime.InteropServices;
using TokenGovernor.Tests.Shared;

namespace TokenGovernor.Cli.Tests.Infrastructure;

/// <summary>Runs the real token-gov executable, as a user would, in a sandbox folder.</summary>
public static partial class TokenGov
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "token-gov.dll");

    public static string DummyAgentDll { get; } = FindDummyAgent();

    /// <summary>Starts token-gov and returns the running process, for tests that signal it.</summary>
    public static RunningCli Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Starts token-gov with extra environment variables (a null value removes one).</summary>
    public static RunningCli Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. args]) { WorkingDirectory = workingDirectory };
        start.Environment.Remove("TOKEN_GOV_STORE");
        start.Environment.Remove("TOKEN_GOV_HOME");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new RunningCli(CapturedProcess.Start(start, "token-gov"));
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var running = Start(workingDirectory, args);
        return await running.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>True while the process exists and is not a zombie (an exited process nobody has reaped yet).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Signal(int pid, int signal) => _ = kill(pid, signal);

    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    private static string FindDummyAgent()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenGovernor.sln")))
        {
            folder = folder.Parent;
        }

        var candidates = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(folder!.FullName, "tests", "DummyAgent", "bin", configuration, "net10.0", "dummy-agent.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.FirstOrDefault() ?? throw new FileNotFoundException("dummy-agent.dll not built");
    }
}

/// <summary>A token-gov process in flight, with its output collected as it arrives.</summary>
public sealed class RunningCli(CapturedProcess process) : IDisposable
{
    public int Pid => process.Pid;

    public string StdoutSoFar => process.StdoutSoFar;

    public string StderrSoFar => process.StderrSoFar;

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => process.WaitForOutputAsync(text, timeout);

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        var exitCode = await process.WaitForExitAsync(timeout);
        return new CliResult(exitCode, process.StdoutSoFar, process.StderrSoFar);
    }

    public void Dispose() => process.Dispose();
}
