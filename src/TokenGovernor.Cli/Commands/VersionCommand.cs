using System.CommandLine;
using System.Runtime.InteropServices;
using TokenGovernor.Engine;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov version</c>.</summary>
internal sealed class VersionCommand : Command
{
    public VersionCommand()
        : base("version", "Print the version")
    {
        SetAction(async (_, _) =>
        {
            await Console.Out.WriteLineAsync($"token-gov {VersionInfo.Version} (commit: {VersionInfo.Commit}, runtime: {RuntimeInformation.FrameworkDescription})");
            return 0;
        });
    }
}
