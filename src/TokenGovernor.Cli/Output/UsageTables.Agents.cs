using Spectre.Console;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Output;

/// <summary>Tables for Codex and for both agents merged.</summary>
internal static partial class UsageTables
{
    public static void Codex(CodexPeriod period, IReadOnlyList<CodexRow> rows)
    {
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("No Codex usage data found.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Codex token usage by {Noun(period)}").AddColumn(First(period)).AddColumn("Models");
        foreach (var column in new[] { "Input", "Output", "Reasoning", "Cache read", "Total tokens", "Cost (USD)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        long input = 0, output = 0, reasoning = 0, cached = 0, total = 0;
        double cost = 0;
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Period), Markup.Escape(string.Join(", ", row.Models.Select(part => part.Model))), Count(row.Sums.Input), Count(row.Sums.Output),
                Count(row.Sums.Reasoning), Count(row.Sums.Cached), Count(row.Sums.Total), Cost(row.Cost));
            (input, output, reasoning, cached, total, cost) = (input + row.Sums.Input, output + row.Sums.Output, reasoning + row.Sums.Reasoning, cached + row.Sums.Cached, total + row.Sums.Total, cost + row.Cost);
        }

        table.AddRow("[bold]Total[/]", "", Count(input), Count(output), Count(reasoning), Count(cached), Count(total), $"[bold]{Cost(cost)}[/]");
        Write(table);
    }

    public static void Merged(CodexPeriod period, IReadOnlyList<MergedRow> rows)
    {
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("No Claude Code or Codex usage data found.");
            return;
        }

        var table = Table($"Claude Code and Codex token usage by {Noun(period)}", First(period), "Models");
        table.AddColumn("Agents");
        foreach (var row in rows)
        {
            AddRow(table, row.Period, string.Join(", ", row.ModelsUsed), row.Totals, string.Join(", ", row.Agents));
        }

        AddTotal(table, Totals.Sum(rows.Select(row => row.Totals)));
        Write(table);
    }

    private static string Noun(CodexPeriod period) => period switch { CodexPeriod.Daily => "day", CodexPeriod.Monthly => "month", _ => "session" };

    private static string First(CodexPeriod period) => period switch { CodexPeriod.Daily => "Date", CodexPeriod.Monthly => "Month", _ => "Session" };
}
