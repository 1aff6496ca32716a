namespace TokenGovernor.Agents.Locks;

/// <summary>Who holds a repository lock.</summary>
/// <param name="Pid">The holder's process id; 0 for an unreadable lock file.</param>
/// <param name="ProcessStartTicks">The holder's start time from /proc/&lt;pid&gt;/stat, to tell a reused pid.</param>
/// <param name="Host">The machine the holder runs on; its pid means nothing elsewhere.</param>
public sealed record RepoLockInfo(int Pid, long ProcessStartTicks, string Host, string RunId, string TaskId, DateTimeOffset AcquiredAt);
