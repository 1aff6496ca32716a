using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TokenGovernor.Tests.Shared;

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
        using var process = CapturedProcess.Start(StartInfo(program, workingDirectory, environment, args));
        var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(120));
        return (exitCode, process.StdoutSoFar, process.StderrSoFar);
    }

    /// <summary>A token-gov command with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        await RunProgramAsync("dotnet", workingDirectory, environment, [Dll, .. args]);

    /// <summary>Starts a token-gov command and leaves it running, for tests that signal or kill it.</summary>
    public static CapturedProcess StartCli(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CapturedProcess.Start(StartInfo("dotnet", workingDirectory, environment, [Dll, .. args]), "token-gov " + args[0]);

    /// <summary>Starts <c>token-gov serve</c> on a free loopback port and waits until it listens.</summary>
    public static Task<Served> ServeAsync(string workingDirectory, params string[] args) =>
        ServeWithAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>token-gov serve</c> with extra environment variables (a test clock) and waits until it listens.</summary>
    public static Task<Served> ServeWithAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartServeAsync(StartInfo("dotnet", workingDirectory, environment, [Dll, "serve", "--urls", "http://127.0.0.1:0", .. args]));

    /// <summary>
    /// Starts <c>token-gov serve</c> allowed to write files of at most <paramref name="kib"/> KiB (<c>ulimit -f</c>):
    /// past that every write fails, as on a full disk. The runtime's executable-memory double mapping grows a file of
    /// its own far beyond such a limit, so it is turned off for this process.
    /// </summary>
    public static Task<Served> ServeWithFileSizeLimitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, int kib, params string[] args) =>
        StartServeAsync(StartInfo(
            "bash",
            workingDirectory,
            new Dictionary<string, string>(environment) { ["DOTNET_EnableWriteXorExecute"] = "0" },
            ["-c", $"ulimit -f {kib} && exec \"$@\"", "bash", "dotnet", Dll, "serve", "--urls", "http://127.0.0.1:0", .. args]));

    private static async Task<Served> StartServeAsync(ProcessStartInfo start)
    {
        var process = CapturedProcess.Start(start, "token-gov serve");
        try
        {
            await process.WaitUntilAsync(() => Listening().IsMatch(process.StderrSoFar), "say where it listens", TimeSpan.FromSeconds(60));
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new Served(process, new Uri(Listening().Match(process.StderrSoFar).Groups[1].Value));
    }

    private static ProcessStartInfo StartInfo(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program, args) { WorkingDirectory = workingDirectory };
        start.Environment.Remove("TOKEN_GOV_STORE");
        start.Environment.Remove("TOKEN_GOV_HOME");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
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

    // The whole address, up to the space after it: the line may still be arriving.
    [GeneratedRegex(@"listening on (http://\S+) ")]
    private static partial Regex Listening();

    /// <summary>A running <c>serve</c>; disposing stops it with SIGTERM (by its own pid) and waits for it to exit.</summary>
    public sealed class Served(CapturedProcess process, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        /// <summary>What serve has written to stderr so far.</summary>
        public string Stderr => process.StderrSoFar;

        /// <summary>Sends SIGTERM (by pid) and waits for serve to exit; returns its exit code.</summary>
        public Task<int> TerminateAsync(TimeSpan timeout)
        {
            _ = kill(process.Pid, SigTerm);
            return process.WaitForExitAsync(timeout);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                try
                {
                    await TerminateAsync(TimeSpan.FromSeconds(20));
                }
                catch (TimeoutException)
                {
                    // The wait has killed it: a slow shutdown is not what the test is about.
                }
            }

            process.Dispose();
        }

        private const int SigTerm = 15;

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
