using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("TOKEN_GOV_STORE");
        start.Environment.Remove("TOKEN_GOV_HOME");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new RunningCli(Process.Start(start)!);
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
public sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;

    public RunningCli(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Copy(process.StandardOutput, _stdout), Copy(process.StandardError, _stderr));
    }

    public int Pid => _process.Id;

    public string StdoutSoFar => Read(_stdout);

    public string StderrSoFar => Read(_stderr);

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!StderrSoFar.Contains(text, StringComparison.Ordinal) && !StdoutSoFar.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _readers.IsCompleted)
            {
                throw new TimeoutException($"token-gov did not print \"{text}\"\n--- stdout ---\n{StdoutSoFar}\n--- stderr ---\n{StderrSoFar}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await _readers.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"token-gov did not finish within {timeout}\n--- stdout ---\n{StdoutSoFar}\n--- stderr ---\n{StderrSoFar}");
        }

        return new CliResult(_process.ExitCode, StdoutSoFar, StderrSoFar);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private static async Task Copy(StreamReader reader, StringBuilder target)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (target)
            {
                target.Append(buffer, 0, read);
            }
        }
    }
}
