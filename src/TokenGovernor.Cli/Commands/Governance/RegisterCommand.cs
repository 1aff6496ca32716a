using System.CommandLine;
using TokenGovernor.Engine.Governance;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov register</c>: registers a project with its owner, tier and budget.</summary>
internal sealed class RegisterCommand : Command
{
    public RegisterCommand()
        : base("register", "Register a project with its owner, tier and budget")
    {
        var id = new Option<string?>("--id") { Description = "Project UUID (default: a new one)" };
        var name = new Option<string>("--name") { Description = "Unique project name", Required = true };
        var owner = new Option<string>("--owner") { Description = "Owner: a GitHub handle or an email", Required = true };
        var tier = new Option<int>("--tier") { Description = "Priority tier: 1 (high) or 2 (low)", DefaultValueFactory = _ => 2 };
        var (tokens, usd, window) = (BudgetOptions.Tokens(), BudgetOptions.Usd(), BudgetOptions.Window());
        var zone = new Option<string?>("--timezone") { Description = "Time zone of daily, weekly and monthly windows (IANA name; default UTC)" };
        var weekStart = new Option<string?>("--week-start") { Description = "First day of a weekly window (default monday)" };
        var count = new Option<string?>("--count") { Description = "Token kinds that count: all (default) or a list like input,output" };
        Options.Add(id);
        Options.Add(name);
        Options.Add(owner);
        Options.Add(tier);
        Options.Add(tokens);
        Options.Add(usd);
        Options.Add(window);
        Options.Add(zone);
        Options.Add(weekStart);
        Options.Add(count);
        GovernanceCommand.With(this, async (parse, registry, json, cancellationToken) =>
        {
            var project = await registry.RegisterProjectAsync(
                new ProjectRegistration(
                    parse.GetValue(id), parse.GetValue(name)!, parse.GetValue(owner)!, parse.GetValue(tier),
                    parse.GetValue(tokens), parse.GetValue(usd), parse.GetValue(window), parse.GetValue(zone), parse.GetValue(weekStart), parse.GetValue(count)),
                cancellationToken);
            if (json)
            {
                await GovernanceCommand.PrintJsonAsync(GovernanceViews.Project(project));
            }
            else
            {
                await Console.Out.WriteLineAsync($"registered project {project.Name} ({project.Id}): tier {project.Tier}, {project.Budget.Describe()}");
            }

            return 0;
        });
    }
}
