using System.Diagnostics;
using System.Text;

namespace TokenGovernor.Tests.Shared;

/// <summary>
/// A started child process whose stdout and stderr are copied into buffers as they arrive, so a test can look at
/// what it has printed while it runs, wait for a line, and still see everything once it has exited.
/// </summary>
public sealed class CapturedProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly string _name;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _readers;

    private CapturedProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        _readers = Task.WhenAll(Copy(process.StandardOutput, _stdout), Copy(process.StandardError, _stderr));
    }

    /// <summary>
    /// Starts <paramref name="start"/> with stdout and stderr redirected into the buffers; <paramref name="name"/>
    /// (the program's file name by default) is what failure messages call it.
    /// </summary>
    public static CapturedProcess Start(ProcessStartInfo start, string? name = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        return new CapturedProcess(process, name ?? Path.GetFileName(start.FileName));
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public string StdoutSoFar => Read(_stdout);

    public string StderrSoFar => Read(_stderr);

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">The text did not come within <paramref name="timeout"/>, or both outputs closed without it.</exception>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        WaitUntilAsync(
            () => StdoutSoFar.Contains(text, StringComparison.Ordinal) || StderrSoFar.Contains(text, StringComparison.Ordinal),
            $"print \"{text}\"",
            timeout);

    /// <summary>Polls <paramref name="printed"/> (which looks at the output so far) until it holds.</summary>
    /// <param name="what">What the process was expected to do, for the failure message ("print its URL").</param>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>, or both outputs closed first.</exception>
    public async Task WaitUntilAsync(Func<bool> printed, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Read before looking, so output that arrives just before the pipes close is still seen.
            var closed = _readers.IsCompleted;
            if (printed())
            {
                return;
            }

            if (closed || DateTime.UtcNow > deadline)
            {
                throw Failure($"did not {what} within {timeout}{(closed ? " (its output closed)" : "")}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits for the process to exit and for its output to be read to the end; returns the exit code.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it and its children are killed first.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
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
            throw Failure($"did not finish within {timeout}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children if it is still running.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private TimeoutException Failure(string what) =>
        new($"{_name} {what}\n--- stdout ---\n{StdoutSoFar}\n--- stderr ---\n{StderrSoFar}");

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
