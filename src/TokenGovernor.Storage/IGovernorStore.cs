namespace TokenGovernor.Storage;

/// <summary>The governor's durable state: runs, task results, attempts and task states across runs.</summary>
public partial interface IGovernorStore : IAsyncDisposable
{
    /// <summary>Where the store lives, for diagnostics, e.g. <c>sqlite:/repo/.token-gov/governor.db</c>.</summary>
    string Description { get; }

    /// <summary>The highest schema migration applied.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <exception cref="InvalidOperationException">A run with the same id exists.</exception>
    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    Task FinishRunAsync(string runId, DateTimeOffset endedAt, string state, int exitCode, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The run started last; runs started at the same instant are told apart by the order they were created in.</summary>
    Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken);

    /// <summary>Every run, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts the task result (keyed by run and task), the attempt when given (keyed by
    /// run, task and number) and the task's persistent state when given (keyed by task id).
    /// </summary>
    Task RecordTaskAsync(TaskResultRecord result, AttemptRecord? attempt, TaskStateRecord? state, CancellationToken cancellationToken);

    /// <summary>Records several task changes in one transaction, in order: the cheap way to write many at once.</summary>
    Task RecordTasksAsync(IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken);

    /// <summary>The results of one run's tasks, ordered by task id.</summary>
    Task<IReadOnlyList<TaskResultRecord>> GetTaskResultsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The attempts of one run, ordered by task id, then attempt number.</summary>
    Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Every task's persistent state, keyed by task id.</summary>
    Task<IReadOnlyDictionary<string, TaskStateRecord>> GetTaskStatesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets one task's persistent state; false when the store had none for it.</summary>
    Task<bool> ResetTaskStateAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>Forgets every task's persistent state; returns how many were removed.</summary>
    Task<int> ClearTaskStatesAsync(CancellationToken cancellationToken);
}
