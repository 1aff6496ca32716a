using System.Globalization;
using Spectre.Console;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Output;

/// <summary>The readable (non-JSON) form of the usage reports.</summary>
internal static partial class UsageTables
{
    public static void Rows(string title, string firstColumn, IReadOnlyList<UsageRow> rows, bool breakdown)
    {
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("No Claude usage data found.");
            return;
        }

        var table = Table(title, firstColumn, "Models");
        var project = (string?)null;
        foreach (var row in rows)
        {
            if (row.Project is not null && row.Project != project)
            {
                project = row.Project;
                table.AddRow(new Markup($"[bold]Project: {Markup.Escape(project)}[/]"));
            }

            AddRow(table, row.Period, string.Join(", ", row.ModelsUsed), row.Totals);
            if (breakdown)
            {
                AddBreakdowns(table, row.Breakdowns);
            }
        }

        AddTotal(table, Totals.Sum(rows.Select(row => row.Totals)));
        Write(table);
    }

    public static void Sessions(IReadOnlyList<SessionRow> rows, bool breakdown)
    {
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("No Claude usage data found.");
            return;
        }

        var table = Table("Claude Code token usage by session", "Session", "Models");
        table.AddColumn("Last activity");
        table.AddColumn("Project");
        foreach (var row in rows)
        {
            AddRow(table, row.SessionId, string.Join(", ", row.ModelsUsed), row.Totals, row.LastActivity, row.ProjectPath);
            if (breakdown)
            {
                AddBreakdowns(table, row.Breakdowns);
            }
        }

        AddTotal(table, Totals.Sum(rows.Select(row => row.Totals)));
        Write(table);
    }

    public static void Blocks(IReadOnlyList<UsageBlock> blocks, long nowMs, long? tokenLimit, TimeZoneInfo zone)
    {
        if (blocks.Count == 0)
        {
            Console.Error.WriteLine("No Claude usage data found.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Claude Code token usage by 5-hour block")
            .AddColumns("Block start", "Status", "Models", "Tokens", "Cost (USD)");
        if (tokenLimit is not null)
        {
            table.AddColumn("% of limit");
        }

        foreach (var block in blocks)
        {
            var start = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(block.StartMs), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var status = block.IsGap ? $"gap ({(block.EndMs - block.StartMs) / 3_600_000.0:0}h)" : block.IsActive ? "[green]ACTIVE[/]" : "";
            var cells = new List<string>
            {
                start, status, Markup.Escape(block.IsGap ? "-" : string.Join(", ", block.Models)),
                block.IsGap ? "-" : Count(block.TotalTokens), block.IsGap ? "-" : Cost(block.CostUsd),
            };
            if (tokenLimit is { } limit)
            {
                cells.Add(block.IsGap ? "-" : (block.TotalTokens * 100.0 / limit).ToString("0.0", CultureInfo.InvariantCulture) + "%");
            }

            table.AddRow([.. cells]);
            if (block.Project(nowMs) is { } projection)
            {
                table.AddRow("", "[yellow]PROJECTED[/]", "", Count((long)projection.TotalTokens), Cost(projection.TotalCost));
            }
        }

        Write(table);
    }

    private static Table Table(string title, string firstColumn, string models)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn(firstColumn).AddColumn(models);
        foreach (var column in new[] { "Input", "Output", "Cache create", "Cache read", "Total tokens", "Cost (USD)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        return table;
    }

    private static void AddRow(Table table, string first, string models, Totals totals, params string[] extra) =>
        table.AddRow([Markup.Escape(first), Markup.Escape(models), Count(totals.InputTokens), Count(totals.OutputTokens), Count(totals.CacheCreationTokens),
            Count(totals.CacheReadTokens), Count(totals.TotalTokens), Cost(totals.TotalCost), .. extra.Select(Markup.Escape)]);

    private static void AddBreakdowns(Table table, IReadOnlyList<ModelBreakdown> parts)
    {
        foreach (var part in parts)
        {
            var tokens = part.InputTokens + part.OutputTokens + part.CacheCreationTokens + part.CacheReadTokens;
            table.AddRow(["", $"[grey]└ {Markup.Escape(part.ModelName)}[/]", Count(part.InputTokens), Count(part.OutputTokens), Count(part.CacheCreationTokens),
                Count(part.CacheReadTokens), Count(tokens), Cost(part.Cost)]);
        }
    }

    private static void AddTotal(Table table, Totals totals) =>
        table.AddRow(["[bold]Total[/]", "", Count(totals.InputTokens), Count(totals.OutputTokens), Count(totals.CacheCreationTokens),
            Count(totals.CacheReadTokens), Count(totals.TotalTokens), $"[bold]{Cost(totals.TotalCost)}[/]"]);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cost(double value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);

    private static void Write(Table table) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
}
