using System.CommandLine;
using Spectre.Console;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov package add|list|show</c>: groups of a project's tasks with their own budget, priority and deadline.</summary>
internal sealed class PackageCommand : Command
{
    public PackageCommand()
        : base("package", "Add, list or show task packages")
    {
        var project = BudgetOptions.Project(required: true);
        var id = new Option<string?>("--id") { Description = "Package id (default: a new UUID)" };
        var name = new Option<string>("--name") { Description = "Package name, unique in its project", Required = true };
        var (tokens, usd) = (BudgetOptions.Tokens("Token budget (at most the project's)"), BudgetOptions.Usd("Budget in US dollars (at most the project's)"));
        var priority = new Option<int>("--priority") { Description = "Priority: higher runs first (default 0)" };
        var deadline = new Option<string?>("--deadline") { Description = "Deadline, ISO 8601" };
        Subcommands.Add(With(new Command("add", "Add a package to a project") { project, id, name, tokens, usd, priority, deadline }, async (parse, registry, json, ct) =>
        {
            var package = await registry.AddPackageAsync(
                new PackageRegistration(parse.GetValue(project)!, parse.GetValue(id), parse.GetValue(name)!, parse.GetValue(tokens), parse.GetValue(usd), parse.GetValue(priority), parse.GetValue(deadline)),
                ct);
            await (json ? PrintJsonAsync(GovernanceViews.Package(package)) : Console.Out.WriteLineAsync($"added package {package.Name} ({package.Id}): {package.Budget.Describe()}, priority {package.Priority}"));
            return 0;
        }));

        var listProject = BudgetOptions.Project(required: false);
        Subcommands.Add(With(new Command("list", "List packages, of one project when given") { listProject }, async (parse, registry, json, ct) =>
        {
            var projectId = parse.GetValue(listProject) is { } key ? (await registry.ProjectAsync(key, ct)).Id : null;
            var packages = await registry.Store.ListPackagesAsync(projectId, ct);
            if (json)
            {
                await PrintJsonAsync(packages.Select(GovernanceViews.Package));
                return 0;
            }

            var table = NewTable("name", "id", "project", "priority", "budget", "deadline");
            foreach (var package in packages)
            {
                table.AddRow(Markup.Escape(package.Name), Markup.Escape(package.Id), package.ProjectId, package.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(package.Budget.Describe()), Time(package.Deadline));
            }

            PrintTable(table);
            return 0;
        }));

        var key = new Argument<string>("package") { Description = "Package id or name" };
        var showProject = BudgetOptions.Project(required: false);
        Subcommands.Add(With(new Command("show", "Show a package, its spend and its tasks") { key, showProject }, async (parse, registry, json, ct) =>
        {
            var projectId = parse.GetValue(showProject) is { } projectKey ? (await registry.ProjectAsync(projectKey, ct)).Id : null;
            var package = await registry.PackageAsync(parse.GetValue(key)!, projectId, ct);
            var owner = await registry.ProjectAsync(package.ProjectId, ct);
            var status = await BudgetStatus.ReadAsync(registry.Store, BudgetScope.Package, package.Id, package.Budget.Under(owner.Budget), registry.Time, ct);
            var tasks = await registry.Store.ListTasksAsync(new TaskQuery(PackageId: package.Id), ct);
            if (json)
            {
                await PrintJsonAsync(new { package = GovernanceViews.Package(package), status = GovernanceViews.Status(status), tasks = tasks.Select(task => task.Id) });
                return 0;
            }

            await Console.Out.WriteLineAsync($"package   {package.Name} ({package.Id}) in project {owner.Name}");
            await Console.Out.WriteLineAsync($"budget    {package.Budget.Describe()}, priority {package.Priority}, deadline {Time(package.Deadline)}");
            await Console.Out.WriteLineAsync($"spent     {Number(status.Spent.Tokens)} tokens, ${Usd(status.Spent.Usd)} ({Percent(status.Headroom.UsedFraction)})");
            await Console.Out.WriteLineAsync($"tasks     {(tasks.Count == 0 ? "none" : string.Join(", ", tasks.Select(task => task.Id)))}");
            return 0;
        }));
    }
}
