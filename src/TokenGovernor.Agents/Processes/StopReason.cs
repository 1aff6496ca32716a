namespace TokenGovernor.Agents.Processes;

/// <summary>Why the supervisor stopped a process; None when it ended on its own.</summary>
public enum StopReason
{
    None,
    MaxRuntime,
    IdleTimeout,
    Interrupted,
    Killed,
}
