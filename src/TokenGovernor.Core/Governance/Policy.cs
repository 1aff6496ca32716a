namespace TokenGovernor.Core.Governance;

/// <summary>The outcome of one policy check: the decision, and the budget with the least room left (null when none limits).</summary>
public sealed record PolicyOutcome(PolicyDecision Decision, Headroom? Tightest);

/// <summary>
/// Decides, after a usage event, whether a task may go on. Pure: the caller supplies every budget above the
/// task with its spend in the current window.
/// </summary>
public static class Policy
{
    /// <summary>The share of a budget at which a checkpoint is requested unless configured otherwise.</summary>
    public const double DefaultThreshold = 0.9;

    /// <summary>
    /// Continue below <paramref name="threshold"/> of every budget; request a checkpoint from the threshold on;
    /// at the limit, pause when the exhausted budget refills with time, stop when it never does. The strictest
    /// answer across all levels wins.
    /// </summary>
    public static PolicyOutcome Decide(IEnumerable<BudgetLevel> levels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(levels);
        EnsureThreshold(threshold);
        var decision = PolicyDecision.Continue;
        Headroom? tightest = null;
        foreach (var level in levels)
        {
            if (!level.Budget.IsLimited)
            {
                continue;
            }

            var headroom = level.Headroom;
            if (tightest is null || headroom.UsedFraction > tightest.UsedFraction)
            {
                tightest = headroom;
            }

            var here = headroom.UsedFraction switch
            {
                >= 1.0 when level.Budget.Window.Refills => PolicyDecision.Pause,
                >= 1.0 => PolicyDecision.Stop,
                var fraction when fraction >= threshold => PolicyDecision.RequestCheckpoint,
                _ => PolicyDecision.Continue,
            };
            decision = here > decision ? here : decision;
        }

        return new PolicyOutcome(decision, tightest);
    }

    /// <summary>True when <paramref name="estimate"/> more tokens fit in every budget, counting what is already used and reserved.</summary>
    public static bool Fits(long estimate, IEnumerable<BudgetLevel> levels) =>
        levels.All(level => level.Budget.Tokens is not { } limit || level.Used.Tokens + estimate <= limit);

    public static bool IsValidThreshold(double threshold) => threshold is > 0 and <= 1;

    /// <exception cref="TokenGovException">The threshold is outside (0, 1].</exception>
    public static void EnsureThreshold(double threshold, string field = "threshold")
    {
        if (!IsValidThreshold(threshold))
        {
            throw new TokenGovException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{field}: {threshold} is outside (0, 1]; give a share of the budget such as 0.9"));
        }
    }
}
