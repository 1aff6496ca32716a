using System.Globalization;
using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

/// <summary>A governed task with the package and project above it: the budgets every decision about it reads.</summary>
internal sealed record GovernedScope(GovernedTaskRecord Task, ProjectRecord Project, PackageRecord? Package)
{
    /// <summary>The limited budgets above the task, task first, each read the way its project counts.</summary>
    public IReadOnlyList<BudgetClaim> Claims { get; } = BuildClaims(Task, Project, Package);

    /// <summary>
    /// What admission reserves: the estimate, but never more than the task's own token budget — the user said that
    /// is all it may spend, so a larger heuristic estimate must not keep it from starting.
    /// </summary>
    public long ReservationTokens => Task.Budget.Tokens is { } limit ? Math.Min(limit, Task.Estimate.Tokens) : Task.Estimate.Tokens;

    public string ScopeName(BudgetScope scope) => scope switch
    {
        BudgetScope.Project => $"project {Project.Name}",
        BudgetScope.Package => $"package {Package?.Name}",
        _ => $"task {Task.Id}",
    };

    private static List<BudgetClaim> BuildClaims(GovernedTaskRecord task, ProjectRecord project, PackageRecord? package)
    {
        var claims = new List<BudgetClaim>(3);
        if (task.Budget.IsLimited)
        {
            claims.Add(new BudgetClaim(BudgetScope.Task, task.Id, task.Budget.Under(project.Budget)));
        }

        if (package is { Budget.IsLimited: true })
        {
            claims.Add(new BudgetClaim(BudgetScope.Package, package.Id, package.Budget.Under(project.Budget)));
        }

        if (project.Budget.IsLimited)
        {
            claims.Add(new BudgetClaim(BudgetScope.Project, project.Id, project.Budget));
        }

        return claims;
    }
}

/// <summary>Words for budget decisions, shared by admission and policy so a user reads the same phrasing everywhere.</summary>
internal static class BudgetWords
{
    /// <summary>When a used-up budget has room again: the end of a calendar window; for a rolling window, when everything spent by now has aged out of it. Null for a total budget.</summary>
    public static DateTimeOffset? ResumesAt(Budget budget, DateTimeOffset now) => budget.Window.Kind switch
    {
        WindowKind.Total => null,
        WindowKind.Rolling => now + TimeSpan.FromHours(budget.Window.Hours),
        _ => budget.Window.Current(now).End,
    };

    public static string Limits(Budget budget)
    {
        var parts = new List<string>(2);
        if (budget.Tokens is { } tokens)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} tokens"));
        }

        if (budget.Usd is { } usd)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"${usd:0.00##}"));
        }

        return string.Join(" / ", parts);
    }

    /// <summary>"task budget of 5,000 tokens exhausted" or "project budget exhausted for the 5h window; resumes at …".</summary>
    public static string Exhausted(BudgetScope scope, Budget budget, DateTimeOffset? resumesAt) => resumesAt is { } at
        ? $"{scope.ToWire()} budget exhausted for the {budget.Window.ToWire()} window; resumes at {Time(at)}"
        : budget.Window.Refills
            ? $"{scope.ToWire()} budget exhausted for the {budget.Window.ToWire()} window"
            : $"{scope.ToWire()} budget of {Limits(budget)} exhausted";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
