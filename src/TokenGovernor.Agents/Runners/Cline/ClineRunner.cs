using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Cline;

/// <summary>Runs Cline's CLI headless (<c>cline -y --json</c>), metering each API request it reports.</summary>
public sealed class ClineRunner : IAgentRunner
{
    public const string TypeName = "cline";

    public string Type => TypeName;

    public Task<AgentAttemptResult> RunAsync(
        AgentRequest request,
        ProcessLimits limits,
        Action<AgentEvent>? onEvent,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        return StreamingAgent.RunAsync(request, ClineLaunch.Spec(request), new ClineStreamParser(time), exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
