using System.Globalization;
using TokenGovernor.Agents.Git;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// Runs one task's attempt with its runner and records it: running at the start, its outcome at the end.
/// A governed task's attempt is metered and may be stopped by the governor.
/// </summary>
internal sealed class TaskExecutor(RunnerRegistry runners, RunnerCatalog catalog, string defaultRunner, StoreWriter store, IRunObserver observer, TimeProvider time, RunGovernor? governor)
{
    public async Task RunAsync(TaskOutcome outcome, string runId, string runDirectory, RunOptions options, StopRequest stop)
    {
        var task = outcome.Task;
        var runnerName = task.Runner ?? defaultRunner;
        var number = ++outcome.Attempts;
        var outputDirectory = Path.Combine(runDirectory, "tasks", task.Id, $"{number}-{Sanitize(runnerName)}");
        var profile = catalog.Resolve(runnerName);
        outcome.State = TaskState.Running;
        outcome.Reason = null;
        outcome.Runner = runnerName;
        outcome.StartedAt = time.GetUtcNow();
        outcome.OutputDirectory = outputDirectory;
        var attempt = new AttemptRecord(runId, task.Id, number, runnerName, profile?.Model, outcome.StartedAt.Value, null, null, "running", null, outputDirectory, TokenUsage.Zero, 0m, null);
        observer.TaskChanged(outcome.View());

        try
        {
            store.Enqueue(outcome.Record(runId), attempt);
            attempt = await AttemptAsync(outcome, attempt, profile, runId, runDirectory, options, stop);
        }
#pragma warning disable CA1031 // A broken attempt must fail its task, not the whole run.
        catch (Exception error)
#pragma warning restore CA1031
        {
            outcome.State = TaskState.Failed;
            outcome.Reason = error is TokenGovException ? error.Message : $"internal error: {error.Message}";
            attempt = attempt with { Outcome = "failed", Reason = outcome.Reason };
        }

        if (outcome.ReservationId is { } unused)
        {
            // The attempt never reached its runner, so nothing took the reservation over.
            outcome.ReservationId = null;
            await governor!.ReleaseAsync(unused);
        }

        outcome.EndedAt = time.GetUtcNow();
        attempt = attempt with { EndedAt = outcome.EndedAt };
        var persistent = outcome.State is TaskState.Completed or TaskState.Failed or TaskState.Cancelled or TaskState.RateLimited
            ? outcome.PersistentState(runId, outcome.EndedAt.Value)
            : null;
        store.Enqueue(outcome.Record(runId), attempt, persistent);
        observer.TaskChanged(outcome.View());
    }

    private async Task<AttemptRecord> AttemptAsync(TaskOutcome outcome, AttemptRecord attempt, RunnerProfile? profile, string runId, string runDirectory, RunOptions options, StopRequest stop)
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
        var resume = governed ? await governor!.ResumePointAsync(outcome.Task.Id) : null;
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
        AgentAttemptResult result;
        try
        {
            result = await runner.RunAsync(request, limits, meter is null ? null : meter.OnEvent, time, meter?.Stop ?? stop.Graceful, stop.Forced);
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
            _ => (TaskState.Failed, ExitReason(process, attempt.OutputDirectory)),
        };

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

        return attempt with
        {
            ExitCode = process.ExitCode,
            Outcome = outcome.State.ToWire(),
            Reason = outcome.Reason,
            Tokens = outcome.Tokens,
            CostUsd = outcome.CostUsd,
            SessionId = result.SessionId,
        };
    }

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
}
