namespace TokenGovernor.Core.Governance;

/// <summary>What the governor answers to each usage event, from mildest to strictest.</summary>
public enum PolicyDecision
{
    Continue,
    RequestCheckpoint,

    /// <summary>A budget that refills (a rolling or calendar window) is used up: stop now, resume when it frees.</summary>
    Pause,

    /// <summary>A budget that never refills (total) is used up: stop for good unless the limit is raised.</summary>
    Stop,
}

public static class PolicyDecisions
{
    public static string ToWire(this PolicyDecision decision) => decision switch
    {
        PolicyDecision.Continue => "continue",
        PolicyDecision.RequestCheckpoint => "request-checkpoint",
        PolicyDecision.Pause => "pause",
        PolicyDecision.Stop => "stop",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public static PolicyDecision Parse(string wire)
    {
        foreach (var decision in Enum.GetValues<PolicyDecision>())
        {
            if (decision.ToWire() == wire)
            {
                return decision;
            }
        }

        throw new FormatException($"'{wire}' is not a policy decision");
    }
}
