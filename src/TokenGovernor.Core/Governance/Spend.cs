namespace TokenGovernor.Core.Governance;

/// <summary>What counts against a budget: tokens of the counted kinds, and US dollars.</summary>
public sealed record Spend(long Tokens, decimal Usd)
{
    public static readonly Spend Zero = new(0, 0m);

    public static Spend operator +(Spend left, Spend right) => new(left.Tokens + right.Tokens, left.Usd + right.Usd);

    public Spend Add(Spend other) => this + other;
}
