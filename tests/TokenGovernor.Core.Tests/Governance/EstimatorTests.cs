using TokenGovernor.Core.Governance;

namespace TokenGovernor.Core.Tests.Governance;

public sealed class EstimatorTests
{
    private static readonly Estimator Estimator = Estimator.Default;

    [Fact]
    public void An_explicit_estimate_is_taken_as_given()
    {
        var estimate = Estimator.Estimate(new EstimateRequest(Explicit: 4200, Difficulty: "simple", History: [1, 2, 3, 4]));

        Assert.Equal(new Estimate(4200, EstimateSource.Explicit, 4200, 4200, ComplexityClass.Complex), estimate);
    }

    [Fact]
    public void History_of_like_tasks_gives_the_median_and_the_interquartile_spread()
    {
        var estimate = Estimator.Estimate(new EstimateRequest(Difficulty: "medium", History: [4000, 1000, 3000, 2000, 5000]));

        Assert.Equal(new Estimate(3000, EstimateSource.History, 2000, 4000, ComplexityClass.Complex, 5), estimate);
    }

    [Fact]
    public void Too_little_history_falls_back_to_the_difficulty()
    {
        var estimate = Estimator.Estimate(new EstimateRequest(Difficulty: "medium", History: [9000, 9500]));

        Assert.Equal(EstimateSource.Difficulty, estimate.Source);
        Assert.Equal(3000, estimate.Tokens);
    }

    [Theory]
    [InlineData("simple", ComplexityClass.Simple, 500, 250, 1000)]
    [InlineData("medium", ComplexityClass.Complex, 3000, 1000, 5000)]
    [InlineData("complex", ComplexityClass.VeryComplex, 10_000, 5000, 20_000)]
    public void Difficulty_maps_onto_the_seed_classes(string difficulty, ComplexityClass expected, long tokens, long low, long high)
    {
        Assert.Equal(new Estimate(tokens, EstimateSource.Difficulty, low, high, expected), Estimator.Estimate(new EstimateRequest(Difficulty: difficulty)));
    }

    [Fact]
    public void A_difficulty_score_scales_the_estimate()
    {
        var simple = Estimator.Estimate(new EstimateRequest(Difficulty: "simple", Score: 3));
        var medium = Estimator.Estimate(new EstimateRequest(Score: 8));

        Assert.Equal(new Estimate(900, EstimateSource.Difficulty, 675, 1350, ComplexityClass.Simple), simple);
        Assert.Equal(new Estimate(2400, EstimateSource.Difficulty, 1800, 3600, ComplexityClass.Complex), medium);
    }

    [Fact]
    public void A_complexity_class_alone_gives_its_typical_size()
    {
        var estimate = Estimator.Estimate(new EstimateRequest(Class: ComplexityClass.VeryComplex));

        Assert.Equal(new Estimate(10_000, EstimateSource.Heuristic, 5000, 20_000, ComplexityClass.VeryComplex), estimate);
    }

    [Fact]
    public void Class_boundaries_are_configurable()
    {
        var estimator = new Estimator(new EstimatorOptions(new ComplexityBoundaries(SimpleBelow: 20_000, VeryComplexAbove: 200_000)));

        Assert.Equal(ComplexityClass.Simple, estimator.Classify(new EstimateRequest(Explicit: 15_000)));
        Assert.Equal(110_000, estimator.Estimate(new EstimateRequest(Class: ComplexityClass.Complex)).Tokens);
    }

    [Fact]
    public void A_broad_prompt_is_estimated_above_a_small_one()
    {
        var small = Estimator.Estimate(new EstimateRequest(Prompt: "Fix the typo in README.md"));
        var broad = Estimator.Estimate(new EstimateRequest(Prompt:
            "Refactor the storage layer across src/Storage/Db.cs, src/Storage/Cache.cs and src/Api/Handlers.cs, " +
            "migrate callers to the new interface, implement retries and add end-to-end tests for every endpoint."));

        Assert.Equal(EstimateSource.Heuristic, small.Source);
        Assert.Equal(ComplexityClass.Simple, small.Class);
        Assert.Equal(ComplexityClass.VeryComplex, broad.Class);
        Assert.True(broad.Low < broad.Tokens && broad.Tokens < broad.High);
    }

    [Fact]
    public void History_is_looked_up_for_the_class_the_task_would_have_without_it()
    {
        Assert.Equal(ComplexityClass.VeryComplex, Estimator.Classify(new EstimateRequest(Difficulty: "complex")));
        Assert.Equal(ComplexityClass.Simple, Estimator.Classify(new EstimateRequest(Class: ComplexityClass.Simple, Difficulty: "complex")));
    }

    [Theory]
    [InlineData(new long[] { 10 }, 0.5, 10)]
    [InlineData(new long[] { 10, 20 }, 0.5, 15)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 0.25, 2)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 0.75, 3)]
    public void Percentiles_interpolate_between_neighbours(long[] sorted, double percentile, long expected) =>
        Assert.Equal(expected, Percentiles.Of(sorted, percentile));
}
