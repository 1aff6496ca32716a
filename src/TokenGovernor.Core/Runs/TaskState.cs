namespace TokenGovernor.Core.Runs;

/// <summary>The life cycle of a task. Written as kebab-case strings everywhere outside the process.</summary>
public enum TaskState
{
    Pending,
    Ready,
    Waiting,
    Running,
    Checkpointing,
    Paused,
    Completed,
    Failed,
    Skipped,
    Cancelled,
    RateLimited,
}

public static class TaskStates
{
    public static string ToWire(this TaskState state) => state switch
    {
        TaskState.Pending => "pending",
        TaskState.Ready => "ready",
        TaskState.Waiting => "waiting",
        TaskState.Running => "running",
        TaskState.Checkpointing => "checkpointing",
        TaskState.Paused => "paused",
        TaskState.Completed => "completed",
        TaskState.Failed => "failed",
        TaskState.Skipped => "skipped",
        TaskState.Cancelled => "cancelled",
        TaskState.RateLimited => "rate-limited",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static TaskState Parse(string wire) => TryParse(wire, out var state)
        ? state
        : throw new FormatException($"'{wire}' is not a task state");

    public static bool TryParse(string? wire, out TaskState state)
    {
        foreach (var candidate in Enum.GetValues<TaskState>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>True for the states a task cannot leave within one run.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Completed or TaskState.Failed or TaskState.Skipped or TaskState.Cancelled or TaskState.RateLimited;
}
