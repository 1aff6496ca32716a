using System.CommandLine;
using TokenGovernor.Cli.Output;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage monthly</c>: one row per month, summed from the daily rows.</summary>
internal sealed class UsageMonthlyCommand : Command
{
    private readonly UsageOptions _options = new();

    public UsageMonthlyCommand()
        : base("monthly", "Usage and cost per month")
    {
        _options.AddTo(this);
        SetAction(async (parse, cancellationToken) =>
        {
            if (await OtherAgentsReport.TryPrintAsync(_options, parse, CodexPeriod.Monthly, () => PeriodReports.Monthly(_options.Load(parse, cancellationToken).InPathOrder(), _options.Report(parse)).Select(row => (row.Period, row.Totals, row.ModelsUsed)), cancellationToken))
            {
                return 0;
            }

            var options = _options.Report(parse);
            var rows = PeriodReports.Monthly(_options.Load(parse, cancellationToken).InPathOrder(), options);
            if (parse.GetValue(_options.Json))
            {
                await Console.Out.WriteLineAsync(ReportJson.Period("monthly", rows));
            }
            else
            {
                UsageTables.Rows("Claude Code token usage by month", "Month", rows, parse.GetValue(_options.Breakdown));
            }

            return 0;
        });
    }
}
