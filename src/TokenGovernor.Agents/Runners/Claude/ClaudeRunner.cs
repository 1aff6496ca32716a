using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>
/// Runs Claude Code headless (<c>claude -p … --output-format stream-json --verbose</c>), meters its usage from the
/// stream as it arrives and reconciles it with the session log at the end. With <see cref="AgentRequest.Input"/>
/// the prompt and every later message go to its stdin as stream-json user messages.
/// </summary>
public sealed class ClaudeRunner : IAgentRunner
{
    public const string TypeName = "claude";

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

        var parser = new ClaudeStreamParser(time);
        var environment = ClaudeLaunch.Environment(request);
        var earlier = EarlierMessages(request, environment);
        var conversation = request.Input is { } input ? new Conversation(input, request.Prompt) : null;
        var spec = ClaudeLaunch.Spec(request, environment, conversation?.Stdin);

        ProcessResult process;
        try
        {
            process = await ProcessSupervisor.RunAsync(
                spec,
                limits,
                Path.Combine(request.OutputDirectory, ScriptRunner.OutputLogName),
                Path.Combine(request.OutputDirectory, ScriptRunner.StderrLogName),
                line => OnLine(line, parser, conversation, onEvent),
                pid => parser.Pid = pid,
                time,
                gracefulStop,
                forcedStop).ConfigureAwait(false);
        }
        finally
        {
            if (conversation is not null)
            {
                await conversation.EndAsync().ConfigureAwait(false);
            }
        }

        var sessionId = parser.SessionId ?? request.ResumeSessionId;
        var logged = ClaudeSessionLog.ReadUsage(ClaudeSessionLog.PathFor(sessionId, request.WorkingDirectory, spec.Environment), earlier);
        var result = parser.Result;
        var tokens = ClaudeReconciliation.Total(parser.Metered, logged, result?.Usage);
        var cost = result?.CostUsd ?? 0m;
        var correction = ClaudeUsage.Beyond(tokens, parser.MeteredTotal);
        if (correction.Total > 0 || cost != 0m)
        {
            onEvent?.Invoke(new AgentUsage(time.GetUtcNow(), parser.Model, correction, cost));
        }

        var finalMessage = result?.Message ?? parser.LastText;
        if (!string.IsNullOrEmpty(finalMessage))
        {
            await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, ScriptRunner.FinalMessageName), finalMessage, CancellationToken.None).ConfigureAwait(false);
        }

        // ProcessResult.Succeeded is false for any stop by a limit or signal, whatever the exit code.
        var success = process.Succeeded && result is { IsError: false };
        onEvent?.Invoke(new AgentFinished(time.GetUtcNow(), success, finalMessage));
        return new AgentAttemptResult(process, success, finalMessage, sessionId, tokens, cost) { Failure = ClaudeFailure.Of(result, time.GetUtcNow()) };
    }

    private static void OnLine(string line, ClaudeStreamParser parser, Conversation? conversation, Action<AgentEvent>? onEvent)
    {
        var results = parser.ResultCount;
        foreach (var agentEvent in parser.Parse(line))
        {
            onEvent?.Invoke(agentEvent);
        }

        if (parser.ResultCount != results)
        {
            conversation?.Answered(parser.ResultCount);
        }
    }

    /// <summary>The messages a resumed session already holds: spent by earlier attempts, not this one.</summary>
    private static HashSet<string>? EarlierMessages(AgentRequest request, IReadOnlyDictionary<string, string?> environment) =>
        request.ResumeSessionId is { } resumed
        && ClaudeSessionLog.ReadUsage(ClaudeSessionLog.PathFor(resumed, request.WorkingDirectory, environment)) is { } before
            ? [.. before.Keys]
            : null;
}
