using System.Diagnostics;
using System.Text;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>The real token-gov executable, started as a user would.</summary>
public sealed class TokenGovProcess : IDisposable
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "token-gov.dll");

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;

    private TokenGovProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Copy(process.StandardOutput, _stdout), Copy(process.StandardError, _stderr));
    }

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public int ExitCode => _process.ExitCode;

    public static TokenGovProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new TokenGovProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the first line of stdout: the URL <c>simulator serve</c> prints once it listens.</summary>
    public async Task<Uri> WaitForUrlAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Stdout.Contains('\n', StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"no URL printed\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
            await Task.Delay(50);
        }

        return new Uri(Stdout.Split('\n')[0].Trim());
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await _readers;
        return _process.ExitCode;
    }

    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
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
