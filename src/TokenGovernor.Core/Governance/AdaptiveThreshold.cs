namespace TokenGovernor.Core.Governance;

/// <summary>
/// One observed overshoot: an agent of <paramref name="Class"/> was asked to checkpoint at
/// <paramref name="RequestedFraction"/> of its tightest budget and had spent <paramref name="StoppedFraction"/>
/// of it when it stopped.
/// </summary>
public sealed record ThresholdObservation(string TaskId, ComplexityClass Class, double Threshold, double RequestedFraction, double StoppedFraction, DateTimeOffset At)
{
    /// <summary>How far past the request the agent went, as a share of the budget; never negative.</summary>
    public double Overshoot => Math.Max(0, StoppedFraction - RequestedFraction);
}

/// <summary>
/// Learns a checkpoint threshold per complexity class: agents overshoot between the request and their stop, so the
/// request must come early enough that the stop still lands inside the budget. Pure: the caller supplies the
/// observations.
/// </summary>
public static class AdaptiveThreshold
{
    /// <summary>The safety margin kept below the largest overshoot seen, as a share of the budget.</summary>
    public const double Margin = 0.05;

    /// <summary>The threshold is never learned below this: an agent asked to checkpoint at once cannot work.</summary>
    public const double Floor = 0.1;

    /// <summary>How many recent observations of a class count: agents and prompts change.</summary>
    public const int Window = 20;

    /// <summary>
    /// The threshold for a class: the configured one until there are observations, then one that leaves room for
    /// the largest recent overshoot plus <see cref="Margin"/> — never above the configured threshold, never below
    /// <see cref="Floor"/>. A stop at the limit hides how far the agent would have gone, so each such observation
    /// keeps lowering the threshold until stops land inside the budget.
    /// </summary>
    public static double For(double configured, IEnumerable<ThresholdObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var recent = observations.OrderByDescending(observation => observation.At).Take(Window).ToList();
        if (recent.Count == 0)
        {
            return configured;
        }

        var largest = recent.Max(observation => observation.Overshoot);
        var learned = Math.Round(1.0 - largest - Margin, 4);
        var latestAtLimit = recent[0].StoppedFraction >= 1.0 ? Math.Round(recent[0].Threshold - Margin, 4) : 1.0;
        return Math.Clamp(Math.Min(learned, latestAtLimit), Floor, configured);
    }
}
