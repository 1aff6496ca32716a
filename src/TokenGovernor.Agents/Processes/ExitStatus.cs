namespace TokenGovernor.Agents.Processes;

/// <summary>How a child ended, decoded from its waitpid(2) status.</summary>
/// <param name="ExitCode">The exit code, or 128+N when killed by signal N (the shell's convention); null when unknown.</param>
/// <param name="Signal">The signal that killed it, if one did.</param>
internal readonly record struct ExitStatus(int? ExitCode, int? Signal)
{
    /// <summary>The child was reaped by someone else, e.g. because SIGCHLD was ignored when we started.</summary>
    public static readonly ExitStatus Unknown = new(null, null);

    public static ExitStatus FromWaitStatus(int status)
    {
        // WTERMSIG is the low 7 bits: 0 for a normal exit (WEXITSTATUS is then the next byte), 0x7f for a stop.
        var signal = status & 0x7f;
        return signal switch
        {
            0 => new ExitStatus((status >> 8) & 0xff, null),
            0x7f => Unknown,
            _ => new ExitStatus(128 + signal, signal),
        };
    }
}
