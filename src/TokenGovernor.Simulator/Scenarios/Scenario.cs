namespace TokenGovernor.Simulator.Scenarios;

/// <summary>A named list of turns, with the answer served once they run out and the one for auxiliary requests.</summary>
public sealed record Scenario(string Name, IReadOnlyList<Turn> Turns, Turn Fallback, Turn Aux);

/// <summary>A loaded scenario file: the default scenario, the named ones, and how auxiliary requests are told apart.</summary>
public sealed record ScenarioSet(Scenario Default, IReadOnlyDictionary<string, Scenario> Named, IReadOnlyList<string> AuxPatterns, bool AuxDetection)
{
    public const string DefaultName = "default";

    /// <summary>The last user message of Qwen Code's background memory-extraction request.</summary>
    public static IReadOnlyList<string> DefaultAuxPatterns { get; } = ["Managed memory directory:"];

    public static Turn DefaultFallback { get; } = Turn.PlainText("Done.");

    public static Turn DefaultAux { get; } = Turn.PlainText("Simulated");

    public static ScenarioSet FromTurns(params Turn[] turns) =>
        new(new Scenario(DefaultName, turns, DefaultFallback, DefaultAux), new Dictionary<string, Scenario>(), DefaultAuxPatterns, true);

    /// <summary>The named scenario, or null when the file has none by that name.</summary>
    public Scenario? Find(string? name) =>
        name is null || name == DefaultName ? Default : Named.GetValueOrDefault(name);
}
