using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core;
using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>The result of a run: its report and the exit code the command returns.</summary>
public sealed record RunResult(RunReport Report, int ExitCode);

/// <summary>
/// Runs a validated task set: skips what earlier runs finished, dispatches ready tasks to a worker pool in
/// priority order under repo locks and runner limits, records every change in the store, writes the report.
/// </summary>
public sealed partial class RunEngine(IGovernorStore store, RunnerRegistry runners, IRunObserver observer, TimeProvider time, TextWriter diagnostics)
{
    /// <summary>How governed agents are asked to checkpoint; by default the request is only recorded.</summary>
    public ICheckpointRequester Checkpoints { get; init; } = RecordOnlyCheckpointRequester.Instance;

    public async Task<RunResult> RunAsync(LoadedTasks loaded, RunOptions options, StopRequest stop, CancellationToken cancellationToken)
    {
        var selected = options.OnlyTasks is { } only ? WithDependencies(loaded.Selected, only) : loaded.Selected;
        var outcomes = selected.ToDictionary(task => task.Id, task => new TaskOutcome(task, loaded.RepoPaths[task.Id]), StringComparer.Ordinal);
        var startedAt = time.GetUtcNow();
        var runId = RunIds.CreateRunDirectory(options.RunsDirectory, startedAt);
        var runDirectory = Path.Combine(options.RunsDirectory, runId);
        var snapshot = RunSnapshot.From(options, selected);
        await store.CreateRunAsync(new RunRecord(runId, startedAt, null, RunStates.Running, runDirectory, snapshot.ToJson(), null), cancellationToken);
        var owner = ProcessOwner.Current;
        await store.SetRunOwnerAsync(runId, new RunOwnerRecord(owner.Pid, owner.StartTicks, owner.Host), cancellationToken);

        await using var writer = new StoreWriter(store, diagnostics);
        var governor = await RunGovernor.CreateAsync(store, selected, time, Checkpoints, (taskId, reason) => CheckpointRequested(outcomes[taskId], reason), cancellationToken);
        if (governor is not null)
        {
            governor.Metered = observer.Metered;
        }

        var run = new RunContext(runId, runDirectory, options, loaded, stop, outcomes, writer) { Governor = governor };
        var toRun = await SkipFinishedAsync(run, selected, cancellationToken);
        observer.RunStarted(runId, runDirectory, [.. selected.Select(task => outcomes[task.Id].View())], options.Workers);
        await DispatchAsync(run, toRun);
        await writer.FlushAsync();

        var (state, exitCode) = Conclude(run);
        var endedAt = time.GetUtcNow();
        await store.FinishRunAsync(runId, endedAt, state, exitCode, CancellationToken.None);
        var record = await store.GetRunAsync(runId, CancellationToken.None) ?? throw new InvalidOperationException($"run {runId} vanished from the store");
        var report = WithGovernance(await ReportBuilder.BuildAsync(store, record, endedAt, CancellationToken.None), outcomes);
        await ReportWriter.WriteAsync(report, runDirectory, CancellationToken.None);
        await PostRunHook.RunAsync(options, runDirectory, time, diagnostics, stop.Forced);
        observer.RunFinished(report);
        return new RunResult(report, exitCode);
    }

    /// <summary>Tasks finished by earlier runs are not run again: completed ones always, failed and interrupted ones unless --retry.</summary>
    private async Task<List<TaskDefinition>> SkipFinishedAsync(RunContext run, IReadOnlyList<TaskDefinition> selected, CancellationToken cancellationToken)
    {
        var states = await store.GetTaskStatesAsync(cancellationToken);
        var toRun = new List<TaskDefinition>();
        foreach (var task in DagScheduler.Order(selected, satisfied: null))
        {
            var outcome = run.Outcomes[task.Id];
            string? reason = null;
            if (states.TryGetValue(task.Id, out var previous) && previous.State == TaskState.Completed)
            {
                reason = $"already completed in run {previous.LastRunId}";
                run.Satisfied.Add(task.Id);
            }
            else if (previous is { State: TaskState.Failed or TaskState.Cancelled } && !run.Options.Retry)
            {
                reason = $"{previous.State.ToWire()} in run {previous.LastRunId}{(previous.Reason is null ? "" : $" ({previous.Reason})")}; pass --retry to run it again";
                run.Blocked.Add(task.Id);
            }
            else if (task.DependsOn.FirstOrDefault(run.Blocked.Contains) is { } blocker)
            {
                reason = $"depends on {blocker}, which did not complete in an earlier run";
                run.Blocked.Add(task.Id);
            }

            if (reason is null)
            {
                toRun.Add(task);
                continue;
            }

            outcome.State = TaskState.Skipped;
            outcome.Reason = reason;
            run.Writer.Enqueue(outcome.Record(run.Id));
        }

        return toRun;
    }

    private static (string State, int ExitCode) Conclude(RunContext run)
    {
        if (run.Stop.Signal is not null)
        {
            return (RunStates.Interrupted, run.Stop.ExitCode);
        }

        var outcomes = run.Outcomes.Values;
        if (outcomes.Any(outcome => outcome.State is TaskState.Failed or TaskState.Cancelled))
        {
            return (RunStates.Failed, ExitCodes.TaskFailed);
        }

        if (outcomes.Any(outcome => outcome.State == TaskState.Paused))
        {
            return (RunStates.Paused, ExitCodes.BudgetExhausted);
        }

        var unfinished = outcomes.Where(outcome => outcome.State != TaskState.Completed && !run.Satisfied.Contains(outcome.Task.Id) && !run.Blocked.Contains(outcome.Task.Id)).ToList();
        return unfinished.Count > 0 && unfinished.All(outcome => outcome.State == TaskState.RateLimited || run.SkippedByRateLimit.Contains(outcome.Task.Id))
            ? (RunStates.RateLimited, ExitCodes.RateLimited)
            : (RunStates.Completed, ExitCodes.Success);
    }

    private void CheckpointRequested(TaskOutcome outcome, string reason)
    {
        outcome.Checkpoint = "requested";
        observer.CheckpointRequested(outcome.Task.Id, reason);
    }

    /// <summary>Adds what only this run knows to the report: checkpoint requests, and when paused tasks can resume.</summary>
    private static RunReport WithGovernance(RunReport report, Dictionary<string, TaskOutcome> outcomes) => report with
    {
        Tasks = [.. report.Tasks.Select(task => outcomes.TryGetValue(task.Id, out var outcome)
            ? task with { ResumesAt = outcome.ResumesAt ?? task.ResumesAt, Checkpoint = outcome.Checkpoint ?? task.Checkpoint, CheckpointBranch = outcome.CheckpointBranch ?? task.CheckpointBranch }
            : task)],
    };

    private static List<TaskDefinition> WithDependencies(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<string> ids)
    {
        var byId = tasks.ToDictionary(task => task.Id, StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(ids.Where(byId.ContainsKey));
        while (queue.TryDequeue(out var id))
        {
            if (wanted.Add(id))
            {
                foreach (var dependency in byId[id].DependsOn)
                {
                    queue.Enqueue(dependency);
                }
            }
        }

        return [.. tasks.Where(task => wanted.Contains(task.Id))];
    }

    /// <summary>Everything about one run the dispatch loop and the workers share.</summary>
    private sealed class RunContext(string id, string directory, RunOptions options, LoadedTasks loaded, StopRequest stop, Dictionary<string, TaskOutcome> outcomes, StoreWriter writer)
    {
        public StoreWriter Writer { get; } = writer;

        public string Id { get; } = id;

        public string Directory { get; } = directory;

        public RunOptions Options { get; } = options;

        public LoadedTasks Loaded { get; } = loaded;

        public StopRequest Stop { get; } = stop;

        public Dictionary<string, TaskOutcome> Outcomes { get; } = outcomes;

        /// <summary>Dependencies met before this run started.</summary>
        public HashSet<string> Satisfied { get; } = new(StringComparer.Ordinal);

        /// <summary>Tasks not run because an earlier run left them failed.</summary>
        public HashSet<string> Blocked { get; } = new(StringComparer.Ordinal);

        public HashSet<string> SkippedByRateLimit { get; } = new(StringComparer.Ordinal);

        /// <summary>The governance loop for tasks under a project; null when the run has none.</summary>
        public RunGovernor? Governor { get; init; }
    }
}
