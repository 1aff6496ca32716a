using System.CommandLine;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary>Budget options, defined once so every command names them the same way.</summary>
internal static class BudgetOptions
{
    public static Option<long?> Tokens(string description = "Token budget") => new("--budget") { Description = description };

    public static Option<decimal?> Usd(string description = "Budget in US dollars") => new("--budget-usd") { Description = description };

    public static Option<string?> Window() => new("--window")
    {
        Description = "Budget window: total, daily, weekly, monthly or rolling hours like 5h",
    };

    public static Option<string?> Project(bool required) => new("--project", "-p")
    {
        Description = "Project id or name",
        Required = required,
    };
}
