namespace TokenGovernor.Core.Governance;

/// <summary>The governor's settings: the checkpoint threshold, and whether it adapts per complexity class.</summary>
public sealed record GovernorConfig(double Threshold, bool AdaptiveThreshold)
{
    public static readonly GovernorConfig Default = new(Policy.DefaultThreshold, false);
}
