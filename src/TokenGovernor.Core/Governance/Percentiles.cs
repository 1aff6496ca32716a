namespace TokenGovernor.Core.Governance;

/// <summary>Percentiles of sorted samples, interpolating linearly between neighbours.</summary>
public static class Percentiles
{
    public static long Of(IReadOnlyList<long> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(sorted));
        }

        var position = percentile * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        var value = sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
        return (long)Math.Round(value, MidpointRounding.AwayFromZero);
    }
}
