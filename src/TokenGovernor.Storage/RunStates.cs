namespace TokenGovernor.Storage;

/// <summary>The states a run is stored with, as written in the store and every report.</summary>
public static class RunStates
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
    public const string RateLimited = "rate-limited";

    /// <summary>The run ended with work paused for budget.</summary>
    public const string Paused = "paused";
}
