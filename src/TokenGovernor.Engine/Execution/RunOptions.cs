namespace TokenGovernor.Engine.Execution;

/// <summary>Everything a run needs to know besides the task files themselves. Also what <c>rerun</c> replays.</summary>
public sealed record RunOptions
{
    public required IReadOnlyList<string> TaskFiles { get; init; }

    public string? Filter { get; init; }

    public required string WorkingDirectory { get; init; }

    public required string ReposDirectory { get; init; }

    public string? ConfigPath { get; init; }

    public int Workers { get; init; } = 4;

    public TimeSpan? MaxRuntime { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public bool FailFast { get; init; }

    public bool Retry { get; init; }

    public string? PostRun { get; init; }

    /// <summary>
    /// <c>run --resume</c>: work paused or waiting for budget stays with the scheduler, which resumes it when budget
    /// frees, instead of the run ending with it paused.
    /// </summary>
    public bool WaitForBudget { get; init; }

    /// <summary>The folder holding the store and the runs (<c>.token-gov</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>When set, only these task ids run (rerun of a previous run's failures).</summary>
    public IReadOnlyList<string>? OnlyTasks { get; init; }

    /// <summary>How often tasks waiting on a repo held by another process look again.</summary>
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often tasks waiting for budget look again, for budget freed by other processes.</summary>
    public TimeSpan BudgetPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string RunsDirectory => Path.Combine(StateDirectory, "runs");
}

/// <summary>The user's request to stop: the first signal stops gracefully, the second at once.</summary>
public sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forced = new();

    public CancellationToken Graceful => _graceful.Token;

    public CancellationToken Forced => _forced.Token;

    /// <summary>The signal that asked to stop ("SIGINT", "SIGTERM"), once one did.</summary>
    public string? Signal { get; private set; }

    public int ExitCode => Signal == "SIGTERM" ? Core.ExitCodes.Terminated : Core.ExitCodes.Interrupted;

    /// <summary>Registers a signal: the first stops gracefully, any later one forcibly. Returns true for the first.</summary>
    public bool Request(string signal)
    {
        if (Signal is null)
        {
            Signal = signal;
            _graceful.Cancel();
            return true;
        }

        _forced.Cancel();
        return false;
    }

    public void Dispose()
    {
        _graceful.Dispose();
        _forced.Dispose();
    }
}
