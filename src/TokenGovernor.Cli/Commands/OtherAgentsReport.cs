using System.CommandLine;
using TokenGovernor.Cli.Output;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary>daily, monthly and session with <c>--agent codex</c> (ccusage codex's shapes) or <c>--agent all</c> (both agents merged per period).</summary>
internal static class OtherAgentsReport
{
    /// <summary>Prints the report and returns true, or returns false for <c>--agent claude</c>.</summary>
    /// <param name="claudeRows">The Claude rows of the same report, read only for <c>--agent all</c>.</param>
    public static async Task<bool> TryPrintAsync(UsageOptions options, ParseResult parse, CodexPeriod period,
        Func<IEnumerable<(string Period, Totals Totals, IReadOnlyList<string> Models)>> claudeRows, CancellationToken cancellationToken)
    {
        var agent = parse.GetValue(options.Agent);
        if (agent == "claude")
        {
            return false;
        }

        var report = options.Report(parse);
        var prices = parse.GetValue(options.Pricing) is { } file ? PriceTable.Load(file) : PriceTable.LoadDefault();
        var codex = CodexReports.Build(UsageOptions.LoadCodex(cancellationToken).Entries, period, report, prices);
        var json = parse.GetValue(options.Json);
        if (agent == "codex")
        {
            if (json)
            {
                await Console.Out.WriteLineAsync(CodexJson.Report(period, codex));
            }
            else
            {
                UsageTables.Codex(period, codex);
            }

            return true;
        }

        var merged = MergedReport.Build(claudeRows(), codex.Select(MergedReport.FromCodex), report);
        var name = period switch { CodexPeriod.Daily => "daily", CodexPeriod.Monthly => "monthly", _ => "sessions" };
        if (json)
        {
            await Console.Out.WriteLineAsync(MergedReport.Json(name, merged));
        }
        else
        {
            UsageTables.Merged(period, merged);
        }

        return true;
    }
}
