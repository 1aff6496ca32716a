namespace TokenGovernor.Core;

/// <summary>An error the user can act on: the message says what is wrong and what to do.</summary>
public sealed class TokenGovException : Exception
{
    public TokenGovException(string message, int exitCode = ExitCodes.InputError)
        : base(message) => ExitCode = exitCode;

    public TokenGovException(string message, Exception inner, int exitCode = ExitCodes.InputError)
        : base(message, inner) => ExitCode = exitCode;

    public TokenGovException()
        : this("token-gov failed")
    {
    }

    public TokenGovException(string message, Exception inner)
        : this(message, inner, ExitCodes.InputError)
    {
    }

    public int ExitCode { get; }
}
