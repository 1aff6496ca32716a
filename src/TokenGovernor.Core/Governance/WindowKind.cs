namespace TokenGovernor.Core.Governance;

/// <summary>How a budget's spend is counted over time.</summary>
public enum WindowKind
{
    /// <summary>Every event ever: the budget never refills.</summary>
    Total,

    /// <summary>The last N hours, sliding with the clock (5 h is Claude's usage window).</summary>
    Rolling,

    Daily,

    Weekly,

    Monthly,
}
