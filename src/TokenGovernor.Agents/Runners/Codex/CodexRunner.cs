using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Codex;

/// <summary>
/// Runs Codex CLI headless (<c>codex exec --json</c>) and meters each turn's usage as it completes; at the end the
/// thread's rollout log makes up for a turn that was stopped before it completed.
/// </summary>
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
        var spec = CodexLaunch.Spec(request);
        var earlier = CodexSessionLog.ReadTotal(CodexSessionLog.PathFor(request.ResumeSessionId, spec.Environment));
        return StreamingAgent.RunAsync(request, spec, new CodexStreamParser(time) { Earlier = earlier }, exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
