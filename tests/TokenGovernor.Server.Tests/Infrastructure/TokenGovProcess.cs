using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>The real token-gov executable: one-shot commands, and <c>serve</c> as a long-running child process.</summary>
public static partial class TokenGovProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "token-gov.dll");

    public static string RepoRoot { get; } = FindRepoRoot();

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args) =>
        await RunProgramAsync("dotnet", workingDirectory, new Dictionary<string, string>(), [Dll, .. args]);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunProgramAsync(
        string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        using var process = Start(program, workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish: {await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A token-gov command with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        await RunProgramAsync("dotnet", workingDirectory, environment, [Dll, .. args]);

    /// <summary>Starts <c>token-gov serve</c> on a free loopback port and waits until it listens.</summary>
    public static Task<Served> ServeAsync(string workingDirectory, params string[] args) =>
        ServeWithAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>token-gov serve</c> with extra environment variables (a test clock) and waits until it listens.</summary>
    public static async Task<Served> ServeWithAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Start("dotnet", workingDirectory, environment, [Dll, "serve", "--urls", "http://127.0.0.1:0", .. args]);
        var stderr = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("serve exited: " + stderr));
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(line.Data);
            }

            if (Listening().Match(line.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.BeginErrorReadLine();
        process.StandardOutput.Close();
        var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new Served(process, new Uri(url), stderr);
    }

    private static Process Start(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        return Process.Start(start)!;
    }

    private static string FindRepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenGovernor.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("TokenGovernor.sln not found above the test folder");
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();

    /// <summary>A running <c>serve</c>; disposing stops it with SIGTERM (by its own pid) and waits for it to exit.</summary>
    public sealed class Served(Process process, Uri address, StringBuilder? stderr = null) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        /// <summary>What serve has written to stderr so far.</summary>
        public string Stderr
        {
            get
            {
                if (stderr is null)
                {
                    return "";
                }

                lock (stderr)
                {
                    return stderr.ToString();
                }
            }
        }

        /// <summary>Sends SIGTERM (by pid) and waits for serve to exit; returns its exit code.</summary>
        public async Task<int> TerminateAsync(TimeSpan timeout)
        {
            _ = kill(Process.Id, 15);
            using var cancel = new CancellationTokenSource(timeout);
            await Process.WaitForExitAsync(cancel.Token);
            return Process.ExitCode;
        }

        public Process Process { get; } = process;

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                _ = kill(Process.Id, 15);
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await Process.WaitForExitAsync(cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    Process.Kill(entireProcessTree: true);
                }
            }

            Process.Dispose();
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
