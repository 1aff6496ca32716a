using System.CommandLine;
using TokenGovernor.Cli.Output;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage daily</c>: one row per day (per project and day with <c>--instances</c>).</summary>
internal sealed class UsageDailyCommand : Command
{
    private readonly UsageOptions _options = new();
    private readonly Option<bool> _instances = new("--instances", "-i") { Description = "One group of rows per project" };

    public UsageDailyCommand()
        : base("daily", "Usage and cost per day")
    {
        _options.AddTo(this);
        Options.Add(_instances);
        SetAction(async (parse, cancellationToken) =>
        {
            if (await OtherAgentsReport.TryPrintAsync(_options, parse, CodexPeriod.Daily, () => PeriodReports.Daily(_options.Load(parse, cancellationToken).InPathOrder(), _options.Report(parse)).Select(row => (row.Period, row.Totals, row.ModelsUsed)), cancellationToken))
            {
                return 0;
            }

            var options = _options.Report(parse) with { ByProject = parse.GetValue(_instances) };
            var rows = PeriodReports.Daily(_options.Load(parse, cancellationToken).InPathOrder(), options);
            if (parse.GetValue(_options.Json))
            {
                await Console.Out.WriteLineAsync(ReportJson.Daily(rows, options.ByProject));
            }
            else
            {
                UsageTables.Rows("Claude Code token usage by day", "Date", rows, parse.GetValue(_options.Breakdown));
            }

            return 0;
        });
    }
}
