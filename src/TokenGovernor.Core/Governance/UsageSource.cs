namespace TokenGovernor.Core.Governance;

/// <summary>How a usage event reached the ledger.</summary>
public enum UsageSource
{
    /// <summary>Parsed from the agent's output stream as it ran.</summary>
    Stream,

    /// <summary>Read afterwards from the agent's own usage log.</summary>
    Log,

    /// <summary>Reported by an external framework through the API.</summary>
    Api,

    /// <summary>Seen by a proxy in front of the model API.</summary>
    Proxy,
}

public static class UsageSources
{
    private static readonly WireNames<UsageSource> Names = new(
        (UsageSource.Stream, "stream"),
        (UsageSource.Log, "log"),
        (UsageSource.Api, "api"),
        (UsageSource.Proxy, "proxy"));

    public static string ToWire(this UsageSource value) => Names.ToWire(value);

    public static UsageSource Parse(string wire) => Names.TryParse(wire, out var value)
        ? value
        : throw new FormatException($"'{wire}' is not a usage source");
}
