using System.Text;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Streaming;

/// <summary>
/// Runs an agent CLI that prints JSON lines: supervises the process, feeds each stdout line to the CLI's parser,
/// and at the end settles the attempt — the agent's final usage account, a service failure told by stderr or the
/// exit code when the stream told none, final.txt, and success, which is never true for a stopped process.
/// </summary>
internal static class StreamingAgent
{
    private const int StderrTailBytes = 64 * 1024;

    /// <param name="exitFailure">What the CLI's exit code says on its own (e.g. Gemini's 173 for a quota), if anything.</param>
    public static async Task<AgentAttemptResult> RunAsync(
        AgentRequest request,
        ProcessSpec spec,
        AgentStreamParser parser,
        Func<int, string, DateTimeOffset, ServiceFailure?>? exitFailure,
        ProcessLimits limits,
        Action<AgentEvent>? onEvent,
        TimeProvider time,
        CancellationToken gracefulStop,
        CancellationToken forcedStop)
    {
        var stderrPath = Path.Combine(request.OutputDirectory, ScriptRunner.StderrLogName);
        var process = await ProcessSupervisor.RunAsync(
            spec,
            limits,
            Path.Combine(request.OutputDirectory, ScriptRunner.OutputLogName),
            stderrPath,
            line =>
            {
                foreach (var agentEvent in parser.Parse(line))
                {
                    onEvent?.Invoke(agentEvent);
                }
            },
            pid => parser.Pid = pid,
            time,
            gracefulStop,
            forcedStop).ConfigureAwait(false);

        foreach (var held in parser.End())
        {
            onEvent?.Invoke(held);
        }

        var tokens = parser.Tokens;
        var final = Max(parser.FinalTotal, parser.SessionLogTotal(spec.Environment));
        if (final is not null)
        {
            // Kind by kind never below what was metered: a reported total never goes down.
            var correction = Beyond(final, tokens);
            if (correction.Total > 0)
            {
                onEvent?.Invoke(new AgentUsage(time.GetUtcNow(), parser.Model, correction, CostUsd: 0m));
                tokens += correction;
            }
        }

        var failure = parser.Failure;
        var ended = process.StopReason == StopReason.None;
        if (failure is null && ended && !(process.Succeeded && parser.Completed && !parser.ReportedError))
        {
            failure = await FailureFromExitAsync(process, stderrPath, exitFailure, time.GetUtcNow()).ConfigureAwait(false);
            if (failure is not null)
            {
                if (failure.Kind == ServiceFailureKind.RateLimited)
                {
                    onEvent?.Invoke(new AgentRateLimited(time.GetUtcNow(), failure.RetryAfter, failure.ResetsAt, GaveUp: true, failure.Message));
                }

                onEvent?.Invoke(new AgentError(time.GetUtcNow(), failure.Message, failure));
            }
        }

        var finalMessage = parser.ResultMessage ?? parser.LastText;
        if (!string.IsNullOrEmpty(finalMessage))
        {
            await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, ScriptRunner.FinalMessageName), finalMessage, CancellationToken.None).ConfigureAwait(false);
        }

        // ProcessResult.Succeeded is false for any stop by a limit or signal, whatever the exit code.
        var success = process.Succeeded && parser.Completed && !parser.ReportedError && failure is null;
        onEvent?.Invoke(new AgentFinished(time.GetUtcNow(), success, finalMessage));
        return new AgentAttemptResult(process, success, finalMessage, parser.SessionId ?? request.ResumeSessionId, tokens, parser.CostUsd) { Failure = failure };
    }

    private static async Task<ServiceFailure?> FailureFromExitAsync(ProcessResult process, string stderrPath, Func<int, string, DateTimeOffset, ServiceFailure?>? exitFailure, DateTimeOffset now)
    {
        var stderr = await TailAsync(stderrPath).ConfigureAwait(false);
        if (process.ExitCode is { } code && exitFailure?.Invoke(code, stderr, now) is { } byExit)
        {
            return byExit;
        }

        return ServiceFailureText.Classify(stderr, now);
    }

    private static async Task<string> TailAsync(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length > StderrTailBytes)
        {
            stream.Seek(-StderrTailBytes, SeekOrigin.End);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static TokenUsage? Max(TokenUsage? left, TokenUsage? right) =>
        left is null ? right
        : right is null ? left
        : new TokenUsage(
            Math.Max(left.Input, right.Input),
            Math.Max(left.Output, right.Output),
            Math.Max(left.CacheCreation, right.CacheCreation),
            Math.Max(left.CacheRead, right.CacheRead),
            Math.Max(left.Reasoning, right.Reasoning));

    private static TokenUsage Beyond(TokenUsage total, TokenUsage part) => new(
        Math.Max(0, total.Input - part.Input),
        Math.Max(0, total.Output - part.Output),
        Math.Max(0, total.CacheCreation - part.CacheCreation),
        Math.Max(0, total.CacheRead - part.CacheRead),
        Math.Max(0, total.Reasoning - part.Reasoning));
}
