namespace TokenGovernor.Core.Tasks;

/// <summary>How one attempt of a cascade ended, as far as choosing the next runner is concerned.</summary>
public enum AttemptEnd
{
    /// <summary>The runner finished the task.</summary>
    Succeeded,

    /// <summary>The provider refused for a rate limit or quota.</summary>
    RateLimited,

    /// <summary>The model service could not be reached, or the connection broke.</summary>
    Connectivity,

    /// <summary>The service answered with an overload or server error: worth another try on the same runner.</summary>
    ServerError,

    /// <summary>The runner claimed success without doing anything (exit 0, no events, no change in the repo).</summary>
    FalsePositive,

    /// <summary>Any other failure: the task's own fault, not the runner's, so another runner would not help.</summary>
    Failed,

    /// <summary>Stopped by a limit, a signal or the governor.</summary>
    Stopped,
}

/// <summary>What the cascade does after an attempt.</summary>
public enum CascadeStep
{
    /// <summary>The task is settled by this attempt.</summary>
    Done,

    /// <summary>Try the same runner again after a backoff.</summary>
    RetrySame,

    /// <summary>Go on with the next runner of the chain.</summary>
    NextRunner,
}

/// <summary>
/// The pure decisions of the fallback cascade: which runners a task may use and in what order, which of them the
/// task's difficulty and the free-tier switch rule out, and what follows an attempt.
/// </summary>
public static class RunnerCascade
{
    /// <summary>The task's runner (or the default) then its fallbacks, each once, in order.</summary>
    public static IReadOnlyList<string> Chain(TaskDefinition task, string defaultRunner)
    {
        ArgumentNullException.ThrowIfNull(task);
        var chain = new List<string> { task.Runner ?? defaultRunner };
        foreach (var fallback in task.Fallbacks ?? [])
        {
            if (!chain.Contains(fallback, StringComparer.Ordinal))
            {
                chain.Add(fallback);
            }
        }

        return chain;
    }

    /// <summary>The weakest tier a task of this difficulty may use: complex needs tier 1, medium tier 2 or better; null for any.</summary>
    public static int? RequiredTier(string? difficulty) => difficulty switch
    {
        "complex" => 1,
        "medium" => 2,
        _ => null,
    };

    /// <summary>
    /// Why a profile may not take this task, or null when it may: a tier weaker than the difficulty needs, a free-tier
    /// profile without <c>--allow-free</c>, a <c>fallback_only</c> profile in first place. A profile without a tier is
    /// not ranked and passes the tier filter.
    /// </summary>
    public static string? Excluded(RunnerProfile profile, bool first, string? difficulty, bool allowFree)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (first && profile.FallbackOnly)
        {
            return "fallback only";
        }

        if (profile.Free && !allowFree)
        {
            return "free tier (pass --allow-free to use it)";
        }

        if (RequiredTier(difficulty) is { } needed && profile.Tier is { } tier && tier > needed)
        {
            return $"tier {tier}, a {difficulty} task needs tier {needed}";
        }

        return null;
    }

    /// <summary>
    /// What follows an attempt: server errors are retried on the same runner up to <paramref name="maxRetries"/> times,
    /// then treated like a lost connection; rate limits, lost connections and false positives move to the next runner.
    /// </summary>
    public static CascadeStep Decide(AttemptEnd end, int retriesDone, int maxRetries) => end switch
    {
        AttemptEnd.ServerError when retriesDone < maxRetries => CascadeStep.RetrySame,
        AttemptEnd.ServerError or AttemptEnd.RateLimited or AttemptEnd.Connectivity or AttemptEnd.FalsePositive => CascadeStep.NextRunner,
        _ => CascadeStep.Done,
    };

    /// <summary>The wait before retry <paramref name="retry"/> (1-based): the base, doubled for each retry before it.</summary>
    public static TimeSpan Backoff(int retry, TimeSpan baseDelay) =>
        TimeSpan.FromTicks(baseDelay.Ticks * (1L << Math.Clamp(retry - 1, 0, 10)));

    /// <summary>
    /// When a rate-limited runner may be used again: the reset time it gave, else <paramref name="defaultBlock"/> from
    /// now; a reset time already past still blocks for a minute, so the next task does not walk into the same limit.
    /// </summary>
    public static DateTimeOffset BlockedUntil(DateTimeOffset now, DateTimeOffset? resetsAt, TimeSpan defaultBlock)
    {
        var until = resetsAt ?? now + defaultBlock;
        return until > now ? until : now + TimeSpan.FromMinutes(1);
    }

    /// <summary>The runners an attempt trail went through, in order, each change once: "codex→zai→claude".</summary>
    public static string Trail(IEnumerable<string> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var trail = new List<string>();
        foreach (var runner in runners)
        {
            if (trail.Count == 0 || trail[^1] != runner)
            {
                trail.Add(runner);
            }
        }

        return string.Join('→', trail);
    }
}
