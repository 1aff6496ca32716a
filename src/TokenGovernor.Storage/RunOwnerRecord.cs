namespace TokenGovernor.Storage;

/// <summary>The process running a run: its pid, its start time (to tell a reused pid) and its host.</summary>
public sealed record RunOwnerRecord(int Pid, long StartTicks, string Host);
