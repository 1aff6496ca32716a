using TokenGovernor.Agents.Processes;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners;

/// <summary>
/// Runs the prompt as a shell command (<c>sh -c &lt;prompt&gt;</c>): for plain build and test steps in a DAG,
/// and for exercising the engine without spending tokens. Its final message is the last non-blank stdout line.
/// Logs and final.txt are written only when there is something to write.
/// </summary>
public sealed class ScriptRunner : IAgentRunner
{
    public const string TypeName = "script";

    public const string OutputLogName = "output.log";
    public const string StderrLogName = "stderr.log";
    public const string FinalMessageName = "final.txt";

    private const string Shell = "/bin/sh";

    public string Type => TypeName;

    public async Task<AgentAttemptResult> RunAsync(
        AgentRequest request,
        ProcessLimits limits,
        Action<AgentEvent>? onEvent,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);

        // The supervisor creates the output folder along with the logs in it; final.txt goes there afterwards.
        var spec = new ProcessSpec(Shell, ["-c", request.Prompt], request.WorkingDirectory, request.Environment);

        var process = await ProcessSupervisor.RunAsync(
            spec,
            limits,
            Path.Combine(request.OutputDirectory, OutputLogName),
            Path.Combine(request.OutputDirectory, StderrLogName),
            onEvent is null ? null : line => onEvent(new AgentText(time.GetUtcNow(), line)),
            onEvent is null ? null : pid => onEvent(new AgentStarted(time.GetUtcNow(), SessionId: null, pid)),
            time,
            gracefulStop,
            forcedStop).ConfigureAwait(false);

        var finalMessage = process.LastStdoutLine;
        if (!string.IsNullOrEmpty(finalMessage))
        {
            await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, FinalMessageName), finalMessage, CancellationToken.None).ConfigureAwait(false);
        }

        var success = process.Succeeded;
        onEvent?.Invoke(new AgentFinished(time.GetUtcNow(), success, finalMessage));
        return new AgentAttemptResult(process, success, finalMessage, SessionId: null, TokenUsage.Zero, CostUsd: 0m);
    }
}
