using System.CommandLine;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage daily|weekly|monthly|session|blocks</c>: ccusage-compatible reports over agents' own logs.</summary>
internal sealed class UsageCommand : Command
{
    public UsageCommand()
        : base("usage", "Token usage and cost from Claude Code's and Codex's own logs, as ccusage reports them")
    {
        Subcommands.Add(new UsageDailyCommand());
        Subcommands.Add(new UsageWeeklyCommand());
        Subcommands.Add(new UsageMonthlyCommand());
        Subcommands.Add(new UsageSessionCommand());
        Subcommands.Add(new UsageBlocksCommand());
    }
}
