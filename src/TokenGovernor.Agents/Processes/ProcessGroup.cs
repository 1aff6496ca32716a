using System.Globalization;
using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>Signals and liveness of a whole process group.</summary>
internal static class ProcessGroup
{
    /// <summary>Sends a signal to every process of the group; false when the group no longer exists.</summary>
    public static bool Signal(int processGroup, int signal) =>
        processGroup > 0 && Libc.Kill(-processGroup, signal) == 0;

    /// <summary>
    /// True when a process of the group is still running. <c>kill(-pgid, 0)</c> answers the common case
    /// (group gone) without touching /proc; zombies also answer it, and where no init reaps orphans
    /// (containers) they would look alive forever, so a positive answer is checked against /proc.
    /// </summary>
    public static bool HasRunningMembers(int processGroup)
    {
        if (processGroup <= 0)
        {
            return false;
        }

        if (Libc.Kill(-processGroup, 0) != 0)
        {
            return Marshal.GetLastPInvokeError() == Libc.Eperm;
        }

        return RunningMembers(processGroup).Any();
    }

    public static IEnumerable<int> RunningMembers(int processGroup)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ProcessStat.Read(pid) is { IsRunning: true } stat && stat.ProcessGroup == processGroup)
            {
                yield return pid;
            }
        }
    }
}
