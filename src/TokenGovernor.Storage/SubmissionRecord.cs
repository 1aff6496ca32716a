namespace TokenGovernor.Storage;

/// <summary>
/// Work <c>token-gov serve</c> runs: submitted through <c>POST /runs</c> (origin <c>api</c>) or resumed by its
/// scheduler from an earlier run (origin <c>scheduler</c>). <paramref name="Request"/> is what to run as JSON (task
/// files, filter, folders), <paramref name="Scope"/> the API key scope that submitted it, <paramref name="RunId"/>
/// the run executing it now or last.
/// </summary>
public sealed record SubmissionRecord(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string State,
    string Origin,
    string Scope,
    string Request,
    IReadOnlyList<string> TaskIds,
    string? RunId,
    int? ExitCode,
    string? Reason);

/// <summary>The states of a submission, as stored and shown.</summary>
public static class SubmissionStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string RateLimited = "rate-limited";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";

    /// <summary>States a restarted <c>serve</c> continues.</summary>
    public static IReadOnlyList<string> Unfinished { get; } = [Queued, Running, Interrupted];
}
