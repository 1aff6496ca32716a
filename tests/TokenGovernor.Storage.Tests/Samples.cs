using TokenGovernor.Core.Runs;

namespace TokenGovernor.Storage.Tests;

/// <summary>Records with every field set, so round-trip tests notice any column that is lost.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static RunRecord Run(string id = "run-1", DateTimeOffset? startedAt = null) => new(
        Id: id,
        StartedAt: startedAt ?? Start,
        EndedAt: null,
        State: RunStates.Running,
        RunDirectory: $"/repo/.token-gov/runs/{id}",
        SettingsJson: """{"tasks":["tasks.json"],"workers":4}""",
        ExitCode: null);

    public static TaskResultRecord Result(string runId = "run-1", string taskId = "task-a", TaskState state = TaskState.Completed) => new(
        RunId: runId,
        TaskId: taskId,
        Repo: "/src/app",
        State: state,
        Reason: "all checks passed",
        Runner: "claude",
        StartedAt: Start.AddSeconds(1),
        EndedAt: Start.AddMinutes(3),
        Tokens: new TokenUsage(1200, 340, 5000, 64000, 77),
        CostUsd: 0.123456m,
        FinalMessage: "Done: added the parser and its tests.",
        OutputDirectory: $"/repo/.token-gov/runs/{runId}/{taskId}");

    public static AttemptRecord Attempt(string runId = "run-1", string taskId = "task-a", int number = 1) => new(
        RunId: runId,
        TaskId: taskId,
        Number: number,
        Runner: "claude",
        Model: "claude-sonnet-4",
        StartedAt: Start.AddSeconds(1),
        EndedAt: Start.AddMinutes(3),
        ExitCode: 0,
        Outcome: "succeeded",
        Reason: null,
        OutputDirectory: $"/repo/.token-gov/runs/{runId}/{taskId}/attempt-{number}",
        Tokens: new TokenUsage(1200, 340, 5000, 64000, 77),
        CostUsd: 0.123456m,
        SessionId: "5f1c2a9e-session");

    public static TaskStateRecord State(string taskId = "task-a", string? lastRunId = "run-1", TaskState state = TaskState.Completed) => new(
        TaskId: taskId,
        Repo: "/src/app",
        State: state,
        Reason: "all checks passed",
        LastRunId: lastRunId,
        UpdatedAt: Start.AddMinutes(3));
}
