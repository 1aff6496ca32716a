namespace TokenGovernor.Engine.Governance;

/// <summary>What the governor knows when it asks a running agent to checkpoint.</summary>
public sealed record CheckpointRequest(string TaskId, string AgentId, string Reason, DateTimeOffset At);

/// <summary>
/// Asks a running agent to commit its work and summarise. The seam where agents that accept input (Claude Code
/// with stream-json on stdin) are told; until that lands the request is only recorded on the task.
/// </summary>
public interface ICheckpointRequester
{
    Task RequestAsync(CheckpointRequest request, CancellationToken cancellationToken);
}

/// <summary>Sends nothing: the request stays recorded on the task (checkpoint state <c>requested</c>) and in the decisions.</summary>
public sealed class RecordOnlyCheckpointRequester : ICheckpointRequester
{
    public static readonly RecordOnlyCheckpointRequester Instance = new();

    public Task RequestAsync(CheckpointRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
}
