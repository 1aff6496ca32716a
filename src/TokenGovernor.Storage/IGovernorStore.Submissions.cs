namespace TokenGovernor.Storage;

/// <summary>Work submitted to <c>token-gov serve</c>, kept across restarts.</summary>
public partial interface IGovernorStore
{
    /// <exception cref="StoreConflictException">A submission with this id exists.</exception>
    Task CreateSubmissionAsync(SubmissionRecord submission, CancellationToken cancellationToken);

    /// <summary>The submission with this id; null when there is none.</summary>
    Task<SubmissionRecord?> GetSubmissionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Submissions oldest first; only those in <paramref name="states"/> when given.</summary>
    Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(IReadOnlyList<string>? states, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a submission to <paramref name="state"/> with the run executing it, its exit code and reason; only from one of
    /// <paramref name="from"/> when given. False when there is no such submission or it is in another state.
    /// </summary>
    Task<bool> UpdateSubmissionAsync(
        string id, IReadOnlyList<string>? from, string state, string? runId, int? exitCode, string? reason, DateTimeOffset at, CancellationToken cancellationToken);
}
