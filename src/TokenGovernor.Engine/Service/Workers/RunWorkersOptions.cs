using TokenGovernor.Agents.Runners;

namespace TokenGovernor.Engine.Service.Workers;

/// <summary>How the workers and the scheduler inside <c>serve</c> are set up.</summary>
public sealed record RunWorkersOptions
{
    /// <summary>Agents running at once across every run of the process (<c>serve --workers</c>).</summary>
    public int Workers { get; init; } = 4;

    /// <summary>The folder holding the store and the runs (<c>.token-gov</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Where relative task-file paths of a submission are read from: where <c>serve</c> was started.</summary>
    public required string WorkingDirectory { get; init; }

    public RunnerRegistry Runners { get; init; } = RunnerRegistry.CreateDefault();

    /// <summary>Where the runs' diagnostics go (stderr of <c>serve</c>).</summary>
    public TextWriter Diagnostics { get; init; } = TextWriter.Null;

    /// <summary>How often the scheduler looks at the store for paused work whose budget has room again.</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a run's tasks waiting for budget look again.</summary>
    public TimeSpan BudgetPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The owner recorded for packages and tasks the task files name.</summary>
    public string Owner { get; init; } = Environment.GetEnvironmentVariable("USER") ?? Environment.UserName;
}
