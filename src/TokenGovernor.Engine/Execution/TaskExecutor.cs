using System.Globalization;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>Runs one task's attempt with its runner and records it: running at the start, its outcome at the end.</summary>
internal sealed class TaskExecutor(RunnerRegistry runners, RunnerCatalog catalog, string defaultRunner, StoreWriter store, IRunObserver observer, TimeProvider time)
{
    public async Task RunAsync(TaskOutcome outcome, string runId, string runDirectory, RunOptions options, StopRequest stop)
    {
        var task = outcome.Task;
        var runnerName = task.Runner ?? defaultRunner;
        var number = 1;
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
        var request = new AgentRequest(outcome.Task.Id, outcome.Task.Prompt, outcome.RepoPath, attempt.OutputDirectory, profile.Model, environment);
        var limits = new ProcessLimits(options.MaxRuntime, options.IdleTimeout, options.GracePeriod);
        var result = await runner.RunAsync(request, limits, null, time, stop.Graceful, stop.Forced);

        outcome.FinalMessage = result.FinalMessage;
        outcome.Tokens = result.Tokens;
        outcome.CostUsd = result.CostUsd;
        var process = result.Process;
        (outcome.State, outcome.Reason) = process.StopReason switch
        {
            StopReason.Interrupted or StopReason.Killed => (TaskState.Cancelled, $"interrupted by {stop.Signal ?? "a signal"}"),
            StopReason.MaxRuntime or StopReason.IdleTimeout => (TaskState.Failed, process.StopDescription),
            _ when result.Success => (TaskState.Completed, null),
            _ when process.Signal is { } signal => (TaskState.Failed, $"killed by signal {signal}"),
            _ => (TaskState.Failed, ExitReason(process, attempt.OutputDirectory)),
        };

        return attempt with
        {
            ExitCode = process.ExitCode,
            Outcome = outcome.State.ToWire(),
            Reason = outcome.Reason,
            Tokens = result.Tokens,
            CostUsd = result.CostUsd,
            SessionId = result.SessionId,
        };
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
