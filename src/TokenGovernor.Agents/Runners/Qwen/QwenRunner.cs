using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Qwen;

/// <summary>Runs Qwen Code headless (<c>qwen -o stream-json --yolo</c>), metering each model call as it is reported.</summary>
public sealed class QwenRunner : IAgentRunner
{
    public const string TypeName = "qwen";

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
        return StreamingAgent.RunAsync(request, QwenLaunch.Spec(request), new QwenStreamParser(time), exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
