using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Gemini;

/// <summary>
/// Runs Gemini CLI headless (<c>gemini --prompt=… --output-format stream-json</c>); usage comes with its result, and
/// from its chat log when it was stopped before one.
/// </summary>
public sealed class GeminiRunner : IAgentRunner
{
    public const string TypeName = "gemini";

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
        var spec = GeminiLaunch.Spec(request);
        var earlier = GeminiSessionLog.ReadTotal(GeminiSessionLog.PathFor(request.ResumeSessionId, spec.Environment));
        return StreamingAgent.RunAsync(request, spec, new GeminiStreamParser(time) { Earlier = earlier }, GeminiLaunch.ExitFailure, limits, onEvent, time, gracefulStop, forcedStop);
    }
}
