using System.Globalization;

namespace TokenGovernor.Agents.Native;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> we rely on.</summary>
/// <param name="State">One letter: R, S, D, Z (zombie), X (dead), ...</param>
/// <param name="ProcessGroup">The process group id (pgrp).</param>
/// <param name="Session">The session id.</param>
/// <param name="StartTicks">Start time in clock ticks after boot; tells a reused pid from the original.</param>
internal sealed record ProcessStat(int Pid, char State, int ProcessGroup, int Session, long StartTicks)
{
    /// <summary>A zombie has finished running; it only waits for a parent that may never reap it.</summary>
    public bool IsRunning => State is not ('Z' or 'X' or 'x');

    public static ProcessStat? Read(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static ProcessStat? Parse(int pid, string text)
    {
        // The command name (field 2) may itself contain spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state) of proc(5); starttime is field 22.
        if (fields.Length < 20 || fields[0].Length != 1
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcessStat(pid, fields[0][0], group, session, start);
    }

    /// <summary>True when the pid names a process that is still running (not gone, not a zombie).</summary>
    public static bool IsRunningProcess(int pid) => Read(pid) is { IsRunning: true };
}
