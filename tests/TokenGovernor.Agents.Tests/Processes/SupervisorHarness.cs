using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests.Processes;

/// <summary>Runs a spec under the supervisor and keeps what it saw.</summary>
internal sealed class SupervisorHarness(ScratchDirectory scratch)
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public int? StartedPid { get; private set; }

    public string StdoutLog => scratch.File("out.log");

    public string StderrLog => scratch.File("err.log");

    public Task<ProcessResult> RunAsync(
        ProcessSpec spec,
        ProcessLimits limits,
        CancellationToken gracefulStop = default,
        CancellationToken forcedStop = default) =>
        ProcessSupervisor.RunAsync(spec, limits, StdoutLog, StderrLog, OnLine, pid => StartedPid = pid, TimeProvider.System, gracefulStop, forcedStop);

    /// <summary>Completes when a line starting with <paramref name="prefix"/> has been seen.</summary>
    public async Task WaitForLineAsync(string prefix, Task running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(4);
        while (!Lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Assert.False(running.IsCompleted, $"the process ended before printing '{prefix}'");
            Assert.True(DateTime.UtcNow < deadline, $"no line '{prefix}' within 4s");
            await Task.Delay(10);
        }
    }

    private void OnLine(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
