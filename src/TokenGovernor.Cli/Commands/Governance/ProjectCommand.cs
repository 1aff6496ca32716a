using System.CommandLine;
using Spectre.Console;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov project list|show|set-budget</c>: registered projects and where their budgets stand.</summary>
internal sealed class ProjectCommand : Command
{
    public ProjectCommand()
        : base("project", "List projects, show one's budget and spend, or change its budget")
    {
        Subcommands.Add(With(new Command("list", "List registered projects with their spend in the current window"), ListAsync));
        var key = new Argument<string>("project") { Description = "Project id or name" };
        Subcommands.Add(With(new Command("show", "Show a project's budget, window, spend and what is left") { key }, (parse, registry, json, ct) => ShowAsync(parse.GetValue(key)!, registry, json, ct)));
        var setKey = new Argument<string>("project") { Description = "Project id or name" };
        var (tokens, usd, window) = (BudgetOptions.Tokens("New token budget"), BudgetOptions.Usd("New budget in US dollars"), BudgetOptions.Window());
        var set = new Command("set-budget", "Replace a project's budget (and its window when given)") { setKey, tokens, usd, window };
        Subcommands.Add(With(set, async (parse, registry, json, ct) =>
        {
            var project = await registry.SetProjectBudgetAsync(parse.GetValue(setKey)!, parse.GetValue(tokens), parse.GetValue(usd), parse.GetValue(window), ct);
            return await ShowAsync(project.Id, registry, json, ct);
        }));
    }

    private static async Task<int> ListAsync(ParseResult parse, Registry registry, bool json, CancellationToken cancellationToken)
    {
        var rows = new List<(ProjectRecord Project, BudgetStatus Status)>();
        foreach (var project in await registry.Store.ListProjectsAsync(cancellationToken))
        {
            rows.Add((project, await BudgetStatus.ReadAsync(registry.Store, BudgetScope.Project, project.Id, project.Budget, registry.Time, cancellationToken)));
        }

        if (json)
        {
            await PrintJsonAsync(rows.Select(row => new { project = GovernanceViews.Project(row.Project), status = GovernanceViews.Status(row.Status) }));
            return 0;
        }

        if (rows.Count == 0)
        {
            await Console.Out.WriteLineAsync("no projects registered; 'token-gov register --name N --owner X --budget N' adds one");
            return 0;
        }

        var table = NewTable("name", "id", "tier", "owner", "budget", "spent", "used");
        foreach (var (project, status) in rows)
        {
            table.AddRow(Markup.Escape(project.Name), project.Id, project.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(project.Owner), Markup.Escape(project.Budget.Describe()), Number(status.Spent.Tokens), Percent(status.Headroom.UsedFraction));
        }

        PrintTable(table);
        return 0;
    }

    private static async Task<int> ShowAsync(string key, Registry registry, bool json, CancellationToken cancellationToken)
    {
        var project = await registry.ProjectAsync(key, cancellationToken);
        var status = await BudgetStatus.ReadAsync(registry.Store, BudgetScope.Project, project.Id, project.Budget, registry.Time, cancellationToken);
        if (json)
        {
            await PrintJsonAsync(new { project = GovernanceViews.Project(project), status = GovernanceViews.Status(status) });
            return 0;
        }

        var budget = project.Budget;
        var headroom = status.Headroom;
        var lines = new List<string>
        {
            $"project   {project.Name} ({project.Id})",
            $"owner     {project.Owner}, tier {project.Tier}",
            $"budget    {budget.Describe()}, counting {budget.Counted.ToWire()} tokens, zone {budget.Window.Zone.Id}",
            $"window    {Window(status.Window.Start, budget.Window.Zone, "the beginning")} → {Window(status.Window.End, budget.Window.Zone, "now")}",
            $"spent     {Number(status.Spent.Tokens)} tokens, ${Usd(status.Spent.Usd)} in {status.Totals.Events} event(s)",
            $"remaining {(headroom.TokensLeft is { } left ? Number(left) + " tokens" : "no token limit")}{(headroom.UsdLeft is { } usdLeft ? $", ${Usd(usdLeft)}" : "")}",
            $"used      {Percent(headroom.UsedFraction)}",
        };
        static string Window(DateTimeOffset? at, TimeZoneInfo zone, string open) => at is { } instant ? Time(instant, zone) : open;

        foreach (var line in lines)
        {
            await Console.Out.WriteLineAsync(line);
        }

        return 0;
    }
}
