using System.Globalization;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Governance;

/// <summary>A limit in tokens and/or USD over a window; <see cref="Counted"/> says which token kinds count.</summary>
public sealed record Budget(long? Tokens, decimal? Usd, BudgetWindow Window, TokenKinds Counted = TokenKinds.All)
{
    /// <summary>No limit at all: every decision against it is continue.</summary>
    public static readonly Budget Unlimited = new(null, null, BudgetWindow.Total);

    public bool IsLimited => Tokens is not null || Usd is not null;

    /// <summary>
    /// This budget as it applies under <paramref name="project"/>: package and task budgets count the project's
    /// token kinds and read calendar windows in the project's time zone and week.
    /// </summary>
    public Budget Under(Budget project) => this with
    {
        Window = Window with { Zone = project.Window.Zone, WeekStart = project.Window.WeekStart },
        Counted = project.Counted,
    };

    /// <summary>What the ledger's totals amount to against this budget.</summary>
    public Spend Count(TokenUsage tokens, decimal costUsd) => new(Counted.Count(tokens), costUsd);

    /// <summary>How much of the budget <paramref name="used"/> takes: the larger of the token and USD shares, 0 when unlimited.</summary>
    public double Fraction(Spend used)
    {
        var fraction = 0.0;
        if (Tokens is { } tokens)
        {
            fraction = Math.Max(fraction, (double)used.Tokens / tokens);
        }

        if (Usd is { } usd)
        {
            fraction = Math.Max(fraction, (double)(used.Usd / usd));
        }

        return fraction;
    }

    /// <summary>True when this budget allows no more than <paramref name="other"/> in every dimension <paramref name="other"/> limits.</summary>
    public bool FitsWithin(Budget other) =>
        (other.Tokens is not { } tokens || Tokens is null || Tokens <= tokens) &&
        (other.Usd is not { } usd || Usd is null || Usd <= usd);

    public string Describe()
    {
        var parts = new List<string>();
        if (Tokens is { } tokens)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} tokens"));
        }

        if (Usd is { } usd)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"${usd:0.00##}"));
        }

        return parts.Count == 0 ? "unlimited" : $"{string.Join(" / ", parts)} ({Window.ToWire()})";
    }

    /// <summary>Checks user-given limits: each must be positive when given.</summary>
    /// <exception cref="TokenGovException">A limit is zero or negative; the message names its option.</exception>
    public static void EnsurePositive(long? tokens, decimal? usd, string tokensField = "budget", string usdField = "budget-usd")
    {
        if (tokens is <= 0)
        {
            throw new TokenGovException(string.Create(CultureInfo.InvariantCulture, $"{tokensField}: {tokens} is not a budget; give a positive number of tokens"));
        }

        if (usd is <= 0)
        {
            throw new TokenGovException(string.Create(CultureInfo.InvariantCulture, $"{usdField}: {usd} is not a budget; give a positive amount of US dollars"));
        }
    }
}
