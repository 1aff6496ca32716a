using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>Checkpoints, when paused tasks resume, and the overshoots adaptive thresholds learn from.</summary>
public partial interface IGovernorStore
{
    /// <summary>Records a checkpoint and sets the task's checkpoint state to <c>saved</c>, in one transaction.</summary>
    Task SaveCheckpointAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken);

    /// <summary>A task's checkpoints, oldest first.</summary>
    Task<IReadOnlyList<CheckpointRecord>> ListCheckpointsAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>The checkpoints of every task of one project (of every project when null), by task, each task's oldest first.</summary>
    Task<IReadOnlyList<CheckpointRecord>> ListProjectCheckpointsAsync(string? projectId, CancellationToken cancellationToken);

    /// <summary>Sets (or clears, with null) when a paused task can resume; false when the task does not exist.</summary>
    Task<bool> SetResumesAtAsync(string taskId, DateTimeOffset? resumesAt, CancellationToken cancellationToken);

    Task RecordThresholdObservationAsync(ThresholdObservation observation, CancellationToken cancellationToken);

    /// <summary>Observations of one complexity class (every class when null), oldest first.</summary>
    Task<IReadOnlyList<ThresholdObservation>> ListThresholdObservationsAsync(ComplexityClass? complexity, CancellationToken cancellationToken);
}
