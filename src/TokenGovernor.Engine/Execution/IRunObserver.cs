using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>A task as the live display sees it.</summary>
public sealed record TaskView(string Id, string Title, string Repo, TaskState State, string? Reason, string? Runner, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>Receives the run's progress as it happens (live display, logs). Called from worker threads.</summary>
public interface IRunObserver
{
    void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers);

    void TaskChanged(TaskView task);

    void RunFinished(RunReport report);

    /// <summary>The governor asked a task's agent to checkpoint, because a budget reached the threshold.</summary>
    void CheckpointRequested(string taskId, string reason)
    {
    }

    /// <summary>A governed task's usage event went into the ledger, with the governor's decision on it.</summary>
    void Metered(UsageEventRecord usage, DecisionRecord decision)
    {
    }
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    public static readonly NullRunObserver Instance = new();

    public void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers)
    {
    }

    public void TaskChanged(TaskView task)
    {
    }

    public void RunFinished(RunReport report)
    {
    }
}
