namespace TokenGovernor.Core.Governance;

/// <summary>
/// What a task is expected to spend, in tokens, with its spread: <see cref="Low"/>–<see cref="High"/> is the
/// 25th–75th percentile for history, and the plausible range otherwise.
/// </summary>
public sealed record Estimate(long Tokens, EstimateSource Source, long Low, long High, ComplexityClass Class, int Samples = 0);

/// <summary>What is known about a task when estimating it. Every field is optional.</summary>
/// <param name="Difficulty">tokencontrol's difficulty: simple, medium or complex.</param>
/// <param name="Score">tokencontrol's difficulty score (roughly 1–10; simple tasks score 2–3, medium ones about 8).</param>
/// <param name="History">Actual tokens of completed tasks of the same project, runner and class.</param>
public sealed record EstimateRequest(
    long? Explicit = null,
    ComplexityClass? Class = null,
    string? Difficulty = null,
    double? Score = null,
    string? Prompt = null,
    IReadOnlyList<long>? History = null);

/// <summary>The estimator's settings; every boundary and factor can be tuned.</summary>
/// <param name="TokensPerScorePoint">Tokens per point of difficulty score.</param>
/// <param name="MinHistory">Completed tasks needed before history is trusted over the heuristics.</param>
public sealed record EstimatorOptions(
    ComplexityBoundaries Boundaries,
    long TokensPerScorePoint = 300,
    int MinHistory = 3)
{
    public static readonly EstimatorOptions Default = new(ComplexityBoundaries.Default);
}
