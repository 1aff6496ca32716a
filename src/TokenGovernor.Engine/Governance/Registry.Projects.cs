using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

public sealed partial class Registry
{
    public async Task<ProjectRecord> RegisterProjectAsync(ProjectRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var id = registration.Id is null ? NewId() : ParseUuid(registration.Id);
        var name = RequireText(registration.Name, "name");
        var owner = RequireText(registration.Owner, "owner");
        if (registration.Tier is not (1 or 2))
        {
            throw new TokenGovException($"tier: {registration.Tier} is not a tier; use 1 (high) or 2 (low)");
        }

        var budget = ProjectBudget(registration.Tokens, registration.Usd, registration.Window, registration.TimeZone, registration.WeekStart, registration.CountedKinds);
        var now = Time.GetUtcNow();
        var project = new ProjectRecord(id, name, owner, registration.Tier, budget, now, now);
        if (await Store.FindProjectAsync(id, cancellationToken) is { } sameId && sameId.Id == id)
        {
            throw new TokenGovException($"id: a project with id {id} is already registered (\"{sameId.Name}\")");
        }

        if (await Store.FindProjectAsync(name, cancellationToken) is { } sameName && sameName.Name == name)
        {
            throw new TokenGovException($"name: a project named \"{name}\" is already registered (id {sameName.Id})");
        }

        await CreateAsync(() => Store.CreateProjectAsync(project, cancellationToken), "name");
        return project;
    }

    /// <summary>Replaces a project's limits, and its window when given; the zone, week start and counted kinds stay.</summary>
    public async Task<ProjectRecord> SetProjectBudgetAsync(string idOrName, long? tokens, decimal? usd, string? window, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(idOrName, cancellationToken);
        var current = project.Budget;
        var budget = ProjectBudget(tokens, usd, window ?? current.Window.ToWire(), current.Window.Zone.Id, current.Window.WeekStart.ToString(), current.Counted.ToWire());
        var now = Time.GetUtcNow();
        await Store.UpdateProjectBudgetAsync(project.Id, budget, now, cancellationToken);
        return project with { Budget = budget, UpdatedAt = now };
    }

    private static Budget ProjectBudget(long? tokens, decimal? usd, string? window, string? zone, string? weekStart, string? counted)
    {
        if (tokens is null && usd is null)
        {
            throw new TokenGovException("budget: give a token budget (--budget), a USD budget (--budget-usd) or both");
        }

        Budget.EnsurePositive(tokens, usd);
        var timeZone = ZoneClock.FindZone(zone, "timezone");
        DayOfWeek start = DayOfWeek.Monday;
        if (weekStart is not null && !Enum.TryParse(weekStart, ignoreCase: true, out start))
        {
            throw new TokenGovException($"week-start: \"{weekStart}\" is not a day of the week; use monday, sunday, …");
        }

        var kinds = TokenKinds.All;
        if (counted is not null && !TokenKindNames.TryParse(counted, out kinds))
        {
            throw new TokenGovException($"count: \"{counted}\" is not a list of token kinds; use all, or a comma list of input, output, cache-creation, cache-read, reasoning");
        }

        return new Budget(tokens, usd, BudgetWindow.Parse(window, timeZone, start, "window"), kinds);
    }

    private static string ParseUuid(string text) => Guid.TryParse(text, out var uuid)
        ? uuid.ToString()
        : throw new TokenGovException($"id: \"{text}\" is not a UUID; leave --id out to have one generated");
}
