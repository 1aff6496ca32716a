namespace TokenGovernor.Agents.Processes;

/// <summary>How a supervised process ended.</summary>
/// <param name="Pid">The process id, which is also its process group id; 0 when the program could not be executed.</param>
/// <param name="ExitCode">The exit code, 128+N when killed by signal N (as a shell reports it); null if unknown.</param>
/// <param name="Signal">The signal that ended the process, only when it died of one (not when it exited with 128+N).</param>
/// <param name="StopReason">Why the supervisor stopped it, or None.</param>
/// <param name="StopDescription">A human-readable reason, e.g. "max runtime 2s exceeded".</param>
/// <param name="LastStdoutLine">The last stdout line that was not blank, if any.</param>
public sealed record ProcessResult(
    int Pid,
    int? ExitCode,
    int? Signal,
    StopReason StopReason,
    string? StopDescription,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string? LastStdoutLine)
{
    public TimeSpan Duration => EndedAt - StartedAt;

    public bool Succeeded => StopReason == StopReason.None && ExitCode == 0;
}
