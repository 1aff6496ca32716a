namespace TokenGovernor.Core.Governance;

/// <summary>
/// One budget above a task, with what has been spent in its current window and what is reserved in it by
/// tasks that have not spent their estimate yet.
/// </summary>
public sealed record BudgetLevel(BudgetScope Scope, string Id, Budget Budget, Spend Spent, Spend? Reserved = null)
{
    public Spend Used => Spent + (Reserved ?? Spend.Zero);

    public double Fraction => Budget.Fraction(Used);

    public Headroom Headroom => new(
        Scope,
        Id,
        Budget.Tokens is { } tokens ? tokens - Used.Tokens : null,
        Budget.Usd is { } usd ? usd - Used.Usd : null,
        Fraction);
}

/// <summary>What is left of one budget; negative when it has been overspent.</summary>
public sealed record Headroom(BudgetScope Scope, string Id, long? TokensLeft, decimal? UsdLeft, double UsedFraction);
