using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.OpenCode;

/// <summary>Runs opencode headless (<c>opencode run --format json</c>), metering each model call's step.</summary>
public sealed class OpenCodeRunner : IAgentRunner
{
    public const string TypeName = "opencode";

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
        return StreamingAgent.RunAsync(request, OpenCodeLaunch.Spec(request), new OpenCodeStreamParser(time), exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
