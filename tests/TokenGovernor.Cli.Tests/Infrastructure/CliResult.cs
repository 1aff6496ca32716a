namespace TokenGovernor.Cli.Tests.Infrastructure;

/// <summary>What a user sees after running token-gov: exit code, stdout, stderr.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
