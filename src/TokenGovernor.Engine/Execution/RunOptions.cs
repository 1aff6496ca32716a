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

    /// <summary><c>--allow-free</c>: runner profiles marked <c>free</c> may take tasks.</summary>
    public bool AllowFree { get; init; }

    /// <summary>How long a rate-limited runner stays blocked when it gave no reset time (settings <c>rate_limit_block</c>).</summary>
    public TimeSpan RateLimitBlock { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many times a server error (500, 503, 529) is retried on the same runner before the next one takes over.</summary>
    public int TransientRetries { get; init; } = 2;

    /// <summary>The wait before the first retry of a server error; each later retry waits twice as long (settings <c>retry_backoff</c>).</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The worker pool this run shares with the other runs of its process (<c>serve</c>); null when the run has its
    /// own, <see cref="Workers"/> wide. <see cref="Workers"/> still bounds this run alone.
    /// </summary>
    public WorkerSlots? Slots { get; init; }

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
