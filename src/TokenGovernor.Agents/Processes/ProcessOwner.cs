using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>A process as other processes can recognise it later: pid, start time (a reused pid differs) and host.</summary>
public sealed record ProcessOwner(int Pid, long StartTicks, string Host)
{
    /// <summary>This process.</summary>
    public static ProcessOwner Current { get; } =
        new(Environment.ProcessId, ProcessStat.Read(Environment.ProcessId)?.StartTicks ?? 0, Environment.MachineName);

    /// <summary>
    /// True when the process is provably gone: on this host, and its pid is not running or now belongs to a
    /// process started at another time. A process on another host is never known to be gone.
    /// </summary>
    public bool IsGone =>
        string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
        && (ProcessStat.Read(Pid) is not { IsRunning: true } process || (StartTicks != 0 && process.StartTicks != StartTicks));
}
