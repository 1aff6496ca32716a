namespace TokenGovernor.Core.Governance;

/// <summary>
/// Estimates a task's tokens: an explicit number first, then history of like tasks, then tokencontrol's
/// difficulty, then the complexity class or the prompt's shape.
/// </summary>
public sealed class Estimator(EstimatorOptions options)
{
    public static Estimator Default { get; } = new(EstimatorOptions.Default);

    public EstimatorOptions Options { get; } = options;

    /// <summary>
    /// The class a task belongs to before history is consulted: the given class, else the class of the
    /// explicit number, the difficulty or the prompt. History is looked up for this class.
    /// </summary>
    public ComplexityClass Classify(EstimateRequest request) => WithoutHistory(request).Class;

    public Estimate Estimate(EstimateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prior = WithoutHistory(request);
        if (prior.Source == EstimateSource.Explicit)
        {
            return prior;
        }

        if (request.History is { } history && history.Count >= Options.MinHistory && history.Count > 0)
        {
            var sorted = history.Order().ToArray();
            return new Estimate(
                Percentiles.Of(sorted, 0.5), EstimateSource.History, Percentiles.Of(sorted, 0.25), Percentiles.Of(sorted, 0.75), prior.Class, sorted.Length);
        }

        return prior;
    }

    private Estimate WithoutHistory(EstimateRequest request)
    {
        var boundaries = Options.Boundaries;
        if (request.Explicit is { } tokens)
        {
            return new Estimate(tokens, EstimateSource.Explicit, tokens, tokens, request.Class ?? boundaries.Classify(tokens));
        }

        var difficultyClass = DifficultyClass(request.Difficulty);
        if (request.Score is > 0 and var score)
        {
            var typical = Math.Max(1, (long)Math.Round(score * Options.TokensPerScorePoint));
            var cls = request.Class ?? difficultyClass ?? boundaries.Classify(typical);
            return new Estimate(typical, EstimateSource.Difficulty, typical * 3 / 4, typical * 3 / 2, cls);
        }

        if (difficultyClass is { } fromDifficulty)
        {
            var cls = request.Class ?? fromDifficulty;
            var (low, typical, high) = boundaries.Range(cls);
            return new Estimate(typical, EstimateSource.Difficulty, low, high, cls);
        }

        if (request.Class is { } given)
        {
            var (low, typical, high) = boundaries.Range(given);
            return new Estimate(typical, EstimateSource.Heuristic, low, high, given);
        }

        var guess = Math.Max(1, PromptShape.Score(request.Prompt) * Options.TokensPerScorePoint);
        return new Estimate(guess, EstimateSource.Heuristic, guess / 2, guess * 2, boundaries.Classify(guess));
    }

    /// <summary>tokencontrol's difficulty names, mapped onto the seed's classes.</summary>
    private static ComplexityClass? DifficultyClass(string? difficulty) => difficulty?.Trim() switch
    {
        "simple" => ComplexityClass.Simple,
        "medium" => ComplexityClass.Complex,
        "complex" => ComplexityClass.VeryComplex,
        _ => null,
    };
}
