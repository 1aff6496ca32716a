using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.OpenCode;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.KiloCode;

/// <summary>
/// Runs Kilo Code's CLI (<c>kilo run --auto --format json</c>, npm <c>@kilocode/cli</c>). The CLI is a fork of
/// opencode and prints the same JSON events, so it shares opencode's parser. <c>--auto</c> is its documented switch
/// for unattended runs (no permission prompts). Not yet verified against a real <c>kilo</c> binary.
/// </summary>
public sealed class KiloCodeRunner : IAgentRunner
{
    public const string TypeName = "kilocode";

    public const string Program = "kilo";

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
        return StreamingAgent.RunAsync(request, Spec(request), new OpenCodeStreamParser(time), exitFailure: null, limits, onEvent, time, gracefulStop, forcedStop);
    }

    internal static ProcessSpec Spec(AgentRequest request) =>
        new(Program, OpenCodeLaunch.Arguments(request, ["--auto"]), request.WorkingDirectory, AgentLaunch.Environment(request, ProviderKeys.ForModel(request.Model)));
}
