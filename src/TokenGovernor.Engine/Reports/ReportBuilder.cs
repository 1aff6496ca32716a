using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Reports;

/// <summary>Builds a run's report from the store, the source of truth. <c>report.json</c> and <c>status</c> are both views of it.</summary>
public static class ReportBuilder
{
    public static async Task<RunReport> BuildAsync(IGovernorStore store, RunRecord run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = await store.GetTaskResultsAsync(run.Id, cancellationToken);
        var attempts = await store.GetAttemptsAsync(run.Id, cancellationToken);
        var report = Build(run, RunSnapshot.FromJson(run.SettingsJson), results, attempts, now);
        return await WithCheckpointsAsync(store, report, cancellationToken);
    }

    /// <summary>
    /// Governed tasks the run left paused carry what the store keeps about them — when they can resume, their
    /// checkpoint state and its git ref — so <c>status</c>, <c>task show</c> and <c>report.json</c> agree.
    /// </summary>
    private static async Task<RunReport> WithCheckpointsAsync(IGovernorStore store, RunReport report, CancellationToken cancellationToken)
    {
        var tasks = new List<ReportTask>(report.Tasks.Count);
        foreach (var task in report.Tasks)
        {
            if (task.State != TaskState.Paused.ToWire() || await store.GetTaskAsync(task.Id, cancellationToken) is not { State: TaskState.Paused } governed)
            {
                tasks.Add(task);
                continue;
            }

            var checkpoints = governed.Checkpoint == CheckpointState.None ? [] : await store.ListCheckpointsAsync(task.Id, cancellationToken);
            var checkpoint = checkpoints.Count > 0 ? checkpoints[^1] : null;
            tasks.Add(task with
            {
                ResumesAt = governed.ResumesAt,
                Checkpoint = governed.Checkpoint == CheckpointState.None ? null : governed.Checkpoint.ToWire(),
                CheckpointBranch = checkpoint?.GitRef is { } gitRef && gitRef.StartsWith(Agents.Git.CheckpointCommitter.BranchPrefix, StringComparison.Ordinal) ? gitRef : null,
                SessionId = checkpoint?.SessionId,
            });
        }

        return report with { Tasks = tasks };
    }

    public static RunReport Build(RunRecord run, RunSnapshot? snapshot, IReadOnlyList<TaskResultRecord> results, IReadOnlyList<AttemptRecord> attempts, DateTimeOffset now)
    {
        var attemptsByTask = attempts.GroupBy(attempt => attempt.TaskId).ToDictionary(group => group.Key, group => group.OrderBy(a => a.Number).ToList());
        var resultsByTask = results.ToDictionary(result => result.TaskId);
        var planned = snapshot?.Tasks ?? [.. results.Select(result => new SnapshotTask(result.TaskId, result.TaskId, result.Repo, 0, []))];
        var tasks = new List<ReportTask>(planned.Count);
        foreach (var plan in planned)
        {
            resultsByTask.TryGetValue(plan.Id, out var result);
            var taskAttempts = attemptsByTask.GetValueOrDefault(plan.Id) ?? [];
            tasks.Add(new ReportTask
            {
                Id = plan.Id,
                Title = plan.Title,
                Repo = plan.Repo,
                Priority = plan.Priority,
                DependsOn = plan.DependsOn,
                State = (result?.State ?? TaskState.Pending).ToWire(),
                Reason = result?.Reason,
                Runner = result?.Runner,
                StartedAt = result?.StartedAt,
                EndedAt = result?.EndedAt,
                DurationMs = Milliseconds(result?.StartedAt, result?.EndedAt ?? (result?.StartedAt is null ? null : now)),
                FinalMessage = result?.FinalMessage,
                OutputDirectory = result?.OutputDirectory,
                Tokens = ReportTokens.From(result?.Tokens ?? TokenUsage.Zero),
                CostUsd = result?.CostUsd ?? 0m,
                Attempts = [.. taskAttempts.Select(ToReport)],
                Tried = RunnerCascade.Trail(taskAttempts.Select(attempt => attempt.Runner)) is { } trail && trail.Contains('→', StringComparison.Ordinal) ? trail : null,
            });
        }

        var total = results.Aggregate(TokenUsage.Zero, (sum, result) => sum + result.Tokens);
        int Count(TaskState state) => tasks.Count(task => task.State == state.ToWire());
        return new RunReport
        {
            RunId = run.Id,
            State = run.State,
            ExitCode = run.ExitCode,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            DurationMs = Milliseconds(run.StartedAt, run.EndedAt ?? now),
            RunDirectory = run.RunDirectory,
            TaskFiles = snapshot?.TaskFiles ?? [],
            Settings = new ReportSettings(snapshot?.Workers ?? 0, snapshot?.ReposDirectory ?? "", snapshot?.Filter, snapshot?.MaxRuntimeMs, snapshot?.IdleTimeoutMs, snapshot?.FailFast ?? false, snapshot?.Retry ?? false),
            Summary = new ReportSummary(tasks.Count, Count(TaskState.Completed), Count(TaskState.Failed), Count(TaskState.Skipped), Count(TaskState.Cancelled), Count(TaskState.RateLimited),
                Count(TaskState.Running) + Count(TaskState.Waiting) + Count(TaskState.Checkpointing),
                Count(TaskState.Pending) + Count(TaskState.Ready)) { Paused = Count(TaskState.Paused) },
            Tokens = ReportTokens.From(total),
            CostUsd = results.Sum(result => result.CostUsd),
            Tasks = tasks,
        };
    }

    private static ReportAttempt ToReport(AttemptRecord attempt) => new()
    {
        Number = attempt.Number,
        Runner = attempt.Runner,
        Model = attempt.Model,
        Outcome = attempt.Outcome,
        Reason = attempt.Reason,
        ExitCode = attempt.ExitCode,
        StartedAt = attempt.StartedAt,
        EndedAt = attempt.EndedAt,
        DurationMs = Milliseconds(attempt.StartedAt, attempt.EndedAt),
        OutputDirectory = attempt.OutputDirectory,
        SessionId = attempt.SessionId,
        Tokens = ReportTokens.From(attempt.Tokens),
        CostUsd = attempt.CostUsd,
    };

    private static long Milliseconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? Math.Max(0, (long)(end - start).TotalMilliseconds) : 0;
}
