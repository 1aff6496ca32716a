namespace TokenGovernor.Core.Governance;

/// <summary>A paused or waiting task the scheduler may start: what orders it among the others.</summary>
/// <param name="Tier">Its project's tier: 1 (high) before 2 (low).</param>
/// <param name="Priority">Lower numbers first, as in task files.</param>
/// <param name="Since">When it began to wait: older first.</param>
public sealed record ResumeCandidate(string TaskId, int Tier, int Priority, DateTimeOffset Since);

/// <summary>The order in which the scheduler resumes paused and waiting tasks: project tier, then priority, then age.</summary>
public static class ResumeOrder
{
    public static IReadOnlyList<ResumeCandidate> Order(IEnumerable<ResumeCandidate> candidates) =>
        [.. candidates
            .OrderBy(candidate => candidate.Tier)
            .ThenBy(candidate => candidate.Priority)
            .ThenBy(candidate => candidate.Since)
            .ThenBy(candidate => candidate.TaskId, StringComparer.Ordinal)];
}
