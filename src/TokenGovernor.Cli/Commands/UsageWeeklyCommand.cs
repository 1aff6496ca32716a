using System.CommandLine;
using TokenGovernor.Cli.Output;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov usage weekly</c>: one row per week, summed from the daily rows.</summary>
internal sealed class UsageWeeklyCommand : Command
{
    private readonly UsageOptions _options = new();
    private readonly Option<string> _startOfWeek = new("--start-of-week", "-w") { Description = "The day weeks start on", DefaultValueFactory = _ => "sunday" };

    public UsageWeeklyCommand()
        : base("weekly", "Usage and cost per week")
    {
        _startOfWeek.AcceptOnlyFromAmong("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
        _options.AddTo(this);
        Options.Add(_startOfWeek);
        SetAction(async (parse, cancellationToken) =>
        {
            _options.RequireClaude(parse, "weekly");
            var options = _options.Report(parse) with { StartOfWeek = Enum.Parse<DayOfWeek>(parse.GetValue(_startOfWeek)!, ignoreCase: true) };
            var rows = PeriodReports.Weekly(_options.Load(parse, cancellationToken).InPathOrder(), options);
            if (parse.GetValue(_options.Json))
            {
                await Console.Out.WriteLineAsync(ReportJson.Period("weekly", rows));
            }
            else
            {
                UsageTables.Rows("Claude Code token usage by week", "Week", rows, parse.GetValue(_options.Breakdown));
            }

            return 0;
        });
    }
}
