namespace TokenGovernor.Storage;

public partial interface IGovernorStore
{
    /// <summary>Records which process runs a run; false when the run does not exist.</summary>
    Task<bool> SetRunOwnerAsync(string runId, RunOwnerRecord owner, CancellationToken cancellationToken);

    /// <summary>The process that ran a run, or null when none was recorded.</summary>
    Task<RunOwnerRecord?> GetRunOwnerAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Every process that holds at least one reservation.</summary>
    Task<IReadOnlyList<RunOwnerRecord>> ListReservationOwnersAsync(CancellationToken cancellationToken);

    /// <summary>Releases every reservation <paramref name="owner"/> holds; returns how many there were.</summary>
    Task<int> ReleaseReservationsOfAsync(RunOwnerRecord owner, CancellationToken cancellationToken);
}
