using System.CommandLine;
using TokenGovernor.Cli.Output;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage session</c>: one row per session file (subagent files count in their parent session).</summary>
internal sealed class UsageSessionCommand : Command
{
    private readonly UsageOptions _options = new();

    public UsageSessionCommand()
        : base("session", "Usage and cost per session, highest cost first")
    {
        _options.AddTo(this);
        SetAction(async (parse, cancellationToken) =>
        {
            if (await OtherAgentsReport.TryPrintAsync(_options, parse, CodexPeriod.Session, () => SessionReport.Build(_options.Load(parse, cancellationToken).InPathOrder(), _options.Report(parse)).Select(row => (row.SessionId, row.Totals, row.ModelsUsed)), cancellationToken))
            {
                return 0;
            }

            var rows = SessionReport.Build(_options.Load(parse, cancellationToken).InPathOrder(), _options.Report(parse));
            if (parse.GetValue(_options.Json))
            {
                await Console.Out.WriteLineAsync(ReportJson.Sessions(rows));
            }
            else
            {
                UsageTables.Sessions(rows, parse.GetValue(_options.Breakdown));
            }

            return 0;
        });
    }
}
