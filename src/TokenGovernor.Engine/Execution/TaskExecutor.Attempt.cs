using System.Globalization;
using TokenGovernor.Agents.Git;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>One attempt of a task with one runner: launched, metered, judged and recorded.</summary>
internal sealed partial class TaskExecutor
{
    /// <summary>One attempt with one runner, in its own output folder, recorded at its start and at its end.</summary>
    private async Task<AttemptEnding> AttemptAsync(TaskOutcome outcome, string runnerName, RunnerProfile? profile, string runId, string runDirectory, RunOptions options, StopRequest stop, bool resumable)
    {
        var number = ++outcome.Attempts;
        var outputDirectory = Path.Combine(runDirectory, "tasks", outcome.Task.Id, $"{number}-{Sanitize(runnerName)}");
        outcome.State = TaskState.Running;
        outcome.Reason = null;
        outcome.Runner = runnerName;
        outcome.OutputDirectory = outputDirectory;
        outcome.Tokens = TokenUsage.Zero;
        outcome.CostUsd = 0m;
        var attempt = new AttemptRecord(runId, outcome.Task.Id, number, runnerName, profile?.Model, time.GetUtcNow(), null, null, "running", null, outputDirectory, TokenUsage.Zero, 0m, null);
        observer.TaskChanged(outcome.View());
        AttemptEnding ended;
        try
        {
            store.Enqueue(outcome.Record(runId), attempt);
            (attempt, ended) = await RunAttemptAsync(outcome, attempt, profile, runId, runDirectory, options, stop, resumable);
        }
#pragma warning disable CA1031 // A broken attempt must fail its task, not the whole run.
        catch (Exception error)
#pragma warning restore CA1031
        {
            outcome.State = TaskState.Failed;
            outcome.Reason = error is TokenGovException ? error.Message : $"internal error: {error.Message}";
            attempt = attempt with { Outcome = "failed", Reason = outcome.Reason };
            ended = new AttemptEnding(AttemptEnd.Failed, null);
        }

        store.Enqueue(outcome.Record(runId), attempt with { EndedAt = time.GetUtcNow() });
        return ended;
    }

    private async Task<(AttemptRecord Attempt, AttemptEnding Ended)> RunAttemptAsync(TaskOutcome outcome, AttemptRecord attempt, RunnerProfile? profile, string runId, string runDirectory, RunOptions options, StopRequest stop, bool resumable)
    {
        if (outcome.LockError is not null)
        {
            throw new TokenGovException(outcome.LockError, ExitCodes.TaskFailed);
        }

        if (profile is null || !runners.TryGet(profile.Type, out var runner))
        {
            throw new TokenGovException($"runner \"{attempt.Runner}\" cannot run in this build (runnable types: {string.Join(", ", runners.Types)})", ExitCodes.TaskFailed);
        }

        var environment = ProfileEnvironment.Resolve(profile, Environment.GetEnvironmentVariable);
        environment["TOKEN_GOV_RUN_ID"] = runId;
        environment["TOKEN_GOV_RUN_DIR"] = runDirectory;
        environment["TOKEN_GOV_TASK_ID"] = outcome.Task.Id;
        var governed = governor is not null && governor.Governs(outcome.Task.Id);
        var resume = governed && resumable ? await governor!.ResumePointAsync(outcome.Task.Id) : null;
        var input = governed && AcceptsInput(profile.Type) ? new AgentInput() : null;
        var request = new AgentRequest(outcome.Task.Id, outcome.Task.Prompt, outcome.RepoPath, attempt.OutputDirectory, profile.Model, environment) { Input = input };
        if (resume is not null && CanResume(profile.Type))
        {
            request = request with { Prompt = await ResumePromptAsync(outcome, resume), ResumeSessionId = resume.SessionId };
        }

        var limits = new ProcessLimits(options.MaxRuntime, options.IdleTimeout, options.GracePeriod);
        if (governed)
        {
            await governor!.RecordRunningAsync(outcome.Task.Id);
        }

        var meter = governed
            ? await governor!.StartAttemptAsync(outcome.Task.Id, attempt.Runner, profile.Model, outcome.ReservationId, input, stop.Graceful)
            : null;
        outcome.ReservationId = null;
        using var metering = meter;
        // A false positive is told by nothing happening: no event worth the name, no change in the repository.
        var watched = profile.Type != ScriptRunner.TypeName;
        var before = watched ? await RepoFingerprint.TakeAsync(outcome.RepoPath) : null;
        var events = 0;
        void OnEvent(AgentEvent agentEvent)
        {
            if (agentEvent is not (AgentFinished or AgentStarted { SessionId: null }))
            {
                Interlocked.Increment(ref events);
            }

            meter?.OnEvent(agentEvent);
        }

        AgentAttemptResult result;
        try
        {
            result = await runner.RunAsync(request, limits, OnEvent, time, meter?.Stop ?? stop.Graceful, stop.Forced);
        }
        catch when (meter is not null)
        {
            await meter.FinishAsync(null);
            throw;
        }

        if (meter is not null)
        {
            await meter.FinishAsync(result.SessionId);
        }

        outcome.FinalMessage = result.FinalMessage;
        // Runners that report no totals of their own (scripts) are credited with what was metered.
        var metered = meter is not null && result.Tokens.Total == 0 && result.CostUsd == 0;
        outcome.Tokens = metered ? meter!.Tokens : result.Tokens;
        outcome.CostUsd = metered ? meter!.CostUsd : result.CostUsd;
        var process = result.Process;
        var verdict = meter?.Verdict is { } stopped && !(result.Success && process.StopReason == StopReason.None) ? stopped : null;
        if (verdict is null && meter is { AgentTold: true } && process.StopReason == StopReason.None)
        {
            // Told to checkpoint, the agent ended by itself: it stopped because it was asked to, so its task is paused, not done.
            verdict = governor!.Checkpointed(meter);
        }

        outcome.ResumesAt = verdict?.ResumesAt;
        (outcome.State, outcome.Reason) = process.StopReason switch
        {
            _ when verdict is not null => (verdict.State, verdict.Reason),
            StopReason.Interrupted or StopReason.Killed => (TaskState.Cancelled, $"interrupted by {stop.Signal ?? "a signal"}"),
            StopReason.MaxRuntime or StopReason.IdleTimeout => (TaskState.Failed, process.StopDescription),
            _ when result.Success => (TaskState.Completed, null),
            _ when process.Signal is { } signal => (TaskState.Failed, $"killed by signal {signal}"),
            _ when result.Failure is { } failure => (failure.Kind == ServiceFailureKind.RateLimited ? TaskState.RateLimited : TaskState.Failed, FailureReason(failure)),
            _ => (TaskState.Failed, ExitReason(process, attempt.OutputDirectory)),
        };
        var end = verdict is not null || process.StopReason != StopReason.None ? AttemptEnd.Stopped
            : result.Success ? AttemptEnd.Succeeded
            : result.Failure?.Kind switch
            {
                ServiceFailureKind.RateLimited => AttemptEnd.RateLimited,
                ServiceFailureKind.Connectivity => AttemptEnd.Connectivity,
                ServiceFailureKind.ServerError => AttemptEnd.ServerError,
                _ => AttemptEnd.Failed,
            };
        if (end is AttemptEnd.Succeeded or AttemptEnd.Failed && process.ExitCode == 0 && Volatile.Read(ref events) == 0
            && before is not null && await RepoFingerprint.TakeAsync(outcome.RepoPath) == before)
        {
            end = AttemptEnd.FalsePositive;
            (outcome.State, outcome.Reason) = (TaskState.Failed, FalsePositiveReason);
        }

        if (verdict is not null || process.StopReason != StopReason.None)
        {
            await SaveWorkInProgressAsync(outcome);
        }

        if (meter is not null && (verdict is not null || meter.CheckpointRequested || process.StopReason != StopReason.None))
        {
            // A checkpoint is something to go back to: the agent's session, or the commit holding its work.
            var gitRef = outcome.CheckpointBranch ?? await CheckpointGit.HeadAsync(outcome.RepoPath);
            if (gitRef is not null || result.SessionId is not null)
            {
                await governor!.SaveCheckpointAsync(outcome.Task.Id, meter.AgentId, outcome.Reason ?? "checkpoint requested", result.SessionId, gitRef, result.FinalMessage);
                outcome.Checkpoint = "saved";
                outcome.CheckpointRef = gitRef;
            }
        }

        if (meter is not null && outcome.State == TaskState.Paused)
        {
            await governor!.RecordWaitAsync(outcome.Task.Id, TaskState.Paused, outcome.Reason!, outcome.ResumesAt);
        }

        return (attempt with
        {
            ExitCode = process.ExitCode,
            Outcome = outcome.State.ToWire(),
            Reason = outcome.Reason,
            Tokens = outcome.Tokens,
            CostUsd = outcome.CostUsd,
            SessionId = result.SessionId,
        }, new AttemptEnding(end, result.Failure));
    }

    /// <summary>"rate-limited: the provider's words (resets at …)".</summary>
    private static string FailureReason(ServiceFailure failure) =>
        $"{failure.KindName}: {failure.Message}" + (failure.ResetsAt is { } at ? $" (resets at {BudgetWords.Time(at)})" : "");

    /// <summary>
    /// An agent stopped before it finished (by a limit, a signal or the governor) may have left work uncommitted:
    /// it goes to a checkpoint branch, so no file it wrote is lost, and the user's branch and files stay as they are.
    /// </summary>
    private static async Task SaveWorkInProgressAsync(TaskOutcome outcome)
    {
        try
        {
            var message = $"token-gov checkpoint of {outcome.Task.Id}: {outcome.Reason}";
            if (await CheckpointCommitter.CommitWorkInProgressAsync(outcome.RepoPath, outcome.Task.Id, message, CancellationToken.None) is { } checkpoint)
            {
                outcome.Checkpoint = "saved";
                outcome.CheckpointBranch = checkpoint.Branch;
            }
        }
#pragma warning disable CA1031 // Saving the work is best effort: the task's outcome stands either way, and the reason says what failed.
        catch (Exception error)
#pragma warning restore CA1031
        {
            outcome.Reason += $" (work in progress not saved to a checkpoint branch: {error.Message})";
        }
    }

    /// <summary>Agents that read messages on stdin while they work, and so can be told to checkpoint.</summary>
    private static bool AcceptsInput(string runnerType) => runnerType == ClaudeRunner.TypeName;

    /// <summary>Agents whose own session can be continued by id.</summary>
    private static bool CanResume(string runnerType) => runnerType == ClaudeRunner.TypeName;

    /// <summary>
    /// What a resumed agent is told: it continues its own conversation, so the task is already known to it. It is put
    /// back on its checkpoint branch first when the working tree is clean.
    /// </summary>
    private static async Task<string> ResumePromptAsync(TaskOutcome outcome, CheckpointRecord resume)
    {
        var onBranch = resume.GitRef?.StartsWith(CheckpointCommitter.BranchPrefix, StringComparison.Ordinal) == true
            && await CheckpointGit.CheckOutAsync(outcome.RepoPath, resume.GitRef);
        var where = onBranch ? $" You are on {resume.GitRef}, which holds your work in progress." : "";
        return $"token-gov resume: budget is available again. Continue the task from your last checkpoint ({resume.Reason}).{where} Original task: {outcome.Task.Prompt}";
    }

    /// <summary>"exit code 3: last line of stderr" — the line most likely to say what went wrong.</summary>
    private static string ExitReason(ProcessResult process, string outputDirectory)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"exit code {process.ExitCode}");
        var stderr = Path.Combine(outputDirectory, "stderr.log");
        if (File.Exists(stderr) && new FileInfo(stderr).Length is > 0 and < 1_000_000)
        {
            var last = File.ReadLines(stderr).LastOrDefault(line => !string.IsNullOrWhiteSpace(line));
            if (last is not null)
            {
                reason += $": {last.Trim()}";
            }
        }

        return reason;
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' ? character : '_'));

    /// <summary>How an attempt ended for the cascade, with the service failure that ended it, if one did.</summary>
    private readonly record struct AttemptEnding(AttemptEnd End, ServiceFailure? Failure);
}
