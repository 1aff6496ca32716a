using System.Diagnostics;
using TokenGovernor.Tests.Shared;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>The real token-gov executable, started as a user would.</summary>
public sealed class TokenGovProcess : IDisposable
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "token-gov.dll");

    private readonly CapturedProcess _process;

    private TokenGovProcess(CapturedProcess process) => _process = process;

    public string Stdout => _process.StdoutSoFar;

    public string Stderr => _process.StderrSoFar;

    public int ExitCode => _process.ExitCode;

    public static TokenGovProcess Start(string workingDirectory, params string[] args) =>
        new(CapturedProcess.Start(new ProcessStartInfo("dotnet", [Dll, .. args]) { WorkingDirectory = workingDirectory }, "token-gov"));

    /// <summary>Waits for the first line of stdout: the URL <c>simulator serve</c> prints once it listens.</summary>
    public async Task<Uri> WaitForUrlAsync()
    {
        await _process.WaitUntilAsync(() => Stdout.Contains('\n', StringComparison.Ordinal), "print its URL", TimeSpan.FromSeconds(60));
        return new Uri(Stdout.Split('\n')[0].Trim());
    }

    public Task<int> WaitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public void Terminate() => Process.Start("kill", ["-TERM", _process.Pid.ToString()])!.WaitForExit();

    public void Dispose() => _process.Dispose();
}
