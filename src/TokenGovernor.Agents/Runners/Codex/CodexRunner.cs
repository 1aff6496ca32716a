using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Codex;

/// <summary>Runs Codex CLI headless (<c>codex exec --json</c>) and meters each turn's usage as it completes.</summary>
public sealed class CodexRunner : IAgentRunner
{
    public const string TypeName = "codex";

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
        return StreamingAgent.RunAsync(request, CodexLaunch.Spec(request), new CodexStreamParser(time), exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
