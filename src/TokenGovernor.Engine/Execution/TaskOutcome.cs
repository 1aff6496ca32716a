using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>What happened to one task in this run; turned into store records.</summary>
internal sealed class TaskOutcome(TaskDefinition task, string repoPath)
{
    public TaskDefinition Task { get; } = task;

    public string RepoPath { get; } = repoPath;

    public TaskState State { get; set; } = TaskState.Pending;

    public string? Reason { get; set; }

    public string? Runner { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public TokenUsage Tokens { get; set; } = TokenUsage.Zero;

    public decimal CostUsd { get; set; }

    public string? FinalMessage { get; set; }

    public string? OutputDirectory { get; set; }

    /// <summary>Why the repo lock could not be taken, when that failed (not when another holder has it).</summary>
    public string? LockError { get; set; }

    /// <summary>Attempts started in this run: a task paused and resumed within the run has more than one.</summary>
    public int Attempts { get; set; }

    /// <summary>The admission reservation taken for this task, until its attempt's meter holds it.</summary>
    public string? ReservationId { get; set; }

    /// <summary>For a task paused for budget: when its budget has room again, if it ever will by itself.</summary>
    public DateTimeOffset? ResumesAt { get; set; }

    /// <summary>"requested" once the governor has asked this task to checkpoint in this run.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>The branch holding the work in progress the agent left when it was stopped.</summary>
    public string? CheckpointBranch { get; set; }

    /// <summary>The git ref of the task's saved checkpoint: its checkpoint branch, or the commit the agent made itself.</summary>
    public string? CheckpointRef { get; set; }

    public TaskView View() => new(Task.Id, Task.Title, Task.Repo, State, Reason, Runner, StartedAt, EndedAt);

    public TaskResultRecord Record(string runId) =>
        new(runId, Task.Id, Task.Repo, State, Reason, Runner, StartedAt, EndedAt, Tokens, CostUsd, FinalMessage, OutputDirectory);

    public TaskStateRecord PersistentState(string runId, DateTimeOffset now) =>
        new(Task.Id, Task.Repo, State, Reason, runId, now);
}
