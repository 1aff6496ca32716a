using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Governance;

/// <summary>What a user may do to a governed task by hand, and from which states.</summary>
public enum TaskAction
{
    Pause,
    Resume,
    Cancel,
    Checkpoint,
}

public static class TaskControl
{
    private static readonly TaskState[] Live =
        [TaskState.Pending, TaskState.Ready, TaskState.Waiting, TaskState.Running, TaskState.Checkpointing, TaskState.Paused];

    /// <summary>The states <paramref name="action"/> applies to.</summary>
    public static IReadOnlyCollection<TaskState> From(TaskAction action) => action switch
    {
        TaskAction.Pause => [.. Live.Where(state => state != TaskState.Paused)],
        TaskAction.Resume => [TaskState.Paused],
        _ => Live,
    };

    /// <summary>The state <paramref name="action"/> leads to; a checkpoint request leaves the state as it is.</summary>
    public static TaskState? To(TaskAction action) => action switch
    {
        TaskAction.Pause => TaskState.Paused,
        TaskAction.Resume => TaskState.Ready,
        TaskAction.Cancel => TaskState.Cancelled,
        _ => null,
    };

    /// <summary>Why <paramref name="action"/> cannot apply to a task in <paramref name="state"/>, in words a user can act on.</summary>
    public static string Refusal(TaskAction action, string taskId, TaskState state) => action switch
    {
        TaskAction.Resume => $"task \"{taskId}\" is {state.ToWire()}, not paused; only a paused task can be resumed",
        TaskAction.Pause when state == TaskState.Paused => $"task \"{taskId}\" is already paused",
        _ => $"task \"{taskId}\" is {state.ToWire()}; a finished task cannot be {Verb(action)}",
    };

    private static string Verb(TaskAction action) => action switch
    {
        TaskAction.Pause => "paused",
        TaskAction.Cancel => "cancelled",
        TaskAction.Checkpoint => "checkpointed",
        _ => "resumed",
    };
}
