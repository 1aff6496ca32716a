using System.Globalization;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Governance;

public sealed partial class Registry
{
    public async Task<PackageRecord> AddPackageAsync(PackageRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var project = await ProjectAsync(registration.Project, cancellationToken);
        var name = RequireText(registration.Name, "name");
        Budget.EnsurePositive(registration.Tokens, registration.Usd);
        var budget = new Budget(registration.Tokens, registration.Usd, BudgetWindow.Total);
        EnsureWithin(budget, project.Budget, $"project \"{project.Name}\"");
        var now = Time.GetUtcNow();
        var package = new PackageRecord(
            RequireText(registration.Id ?? NewId(), "id"), project.Id, name, budget, registration.Priority, ParseDeadline(registration.Deadline), now, now);
        await CreateAsync(() => Store.CreatePackageAsync(package, cancellationToken), "name");
        return package;
    }

    /// <summary>Refuses a budget that allows more than the budget above it, naming the limit at fault.</summary>
    private static void EnsureWithin(Budget budget, Budget above, string aboveName)
    {
        if (budget.Tokens is { } tokens && above.Tokens is { } limit && tokens > limit)
        {
            throw new TokenGovException(string.Create(CultureInfo.InvariantCulture,
                $"budget: {tokens:N0} tokens is above the budget of {aboveName} ({limit:N0} tokens); give at most {limit}"));
        }

        if (budget.Usd is { } usd && above.Usd is { } usdLimit && usd > usdLimit)
        {
            throw new TokenGovException(string.Create(CultureInfo.InvariantCulture,
                $"budget-usd: ${usd} is above the budget of {aboveName} (${usdLimit}); give at most {usdLimit}"));
        }
    }

    private static DateTimeOffset? ParseDeadline(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deadline)
            ? deadline.ToUniversalTime()
            : throw new TokenGovException($"deadline: \"{text}\" is not a date; write it as ISO 8601, like 2025-12-16 or 2025-12-16T18:00:00+01:00");
    }
}
