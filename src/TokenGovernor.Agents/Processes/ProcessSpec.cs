using System.Threading.Channels;

namespace TokenGovernor.Agents.Processes;

/// <summary>What to launch: an argv list (never a shell string), a working directory and environment overrides.</summary>
/// <param name="FileName">The program; a bare name is looked up on PATH.</param>
/// <param name="Arguments">The arguments, each passed to the program as is.</param>
/// <param name="WorkingDirectory">Where the program runs.</param>
/// <param name="Environment">Overrides on top of the inherited environment; a null value removes the variable.</param>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>
    /// What to write to the program's stdin, each string as given (callers include the newline); the pipe
    /// closes when the channel completes or the process ends. Null: stdin is /dev/null.
    /// </summary>
    public ChannelReader<string>? Stdin { get; init; }
}
