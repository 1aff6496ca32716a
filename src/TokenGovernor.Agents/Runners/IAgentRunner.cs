using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Runners;

/// <summary>Runs one attempt of a task with one kind of agent; the seam the engine schedules through.</summary>
public interface IAgentRunner
{
    /// <summary>The agent type a task names to choose this runner, e.g. "script".</summary>
    string Type { get; }

    /// <summary>
    /// Runs the attempt to its end, reporting events as they happen. <paramref name="gracefulStop"/> asks
    /// the agent to stop (SIGTERM, then SIGKILL after the grace period); <paramref name="forcedStop"/>
    /// kills it at once. A stopped attempt returns normally with the stop in its result.
    /// </summary>
    Task<AgentAttemptResult> RunAsync(
        AgentRequest request,
        ProcessLimits limits,
        Action<AgentEvent>? onEvent,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop);
}
