namespace TokenGovernor.Core.Governance;

/// <summary>Where an estimate came from, most trusted first.</summary>
public enum EstimateSource
{
    /// <summary>The user gave the number.</summary>
    Explicit,

    /// <summary>Completed tasks of the same project, runner and class.</summary>
    History,

    /// <summary>The task's difficulty and score, as tokencontrol writes them.</summary>
    Difficulty,

    /// <summary>The complexity class or the prompt's shape.</summary>
    Heuristic,
}

public static class EstimateSources
{
    private static readonly WireNames<EstimateSource> Names = new(
        (EstimateSource.Explicit, "explicit"),
        (EstimateSource.History, "history"),
        (EstimateSource.Difficulty, "difficulty"),
        (EstimateSource.Heuristic, "heuristic"));

    public static string ToWire(this EstimateSource value) => Names.ToWire(value);

    public static EstimateSource Parse(string wire) => Names.TryParse(wire, out var value)
        ? value
        : throw new FormatException($"'{wire}' is not an estimate source");
}
