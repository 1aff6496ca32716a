using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;

namespace TokenGovernor.Engine.Tests.Governance;

public sealed class UsageLineTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_usage_line_reads_every_token_kind_the_model_and_the_cost()
    {
        var usage = UsageLine.TryParse("::token-gov usage input=1200 output=350 cache_creation=10 cache_read=8000 reasoning=7 model=claude-sonnet-4-5 cost=0.0123", At);

        Assert.NotNull(usage);
        Assert.Equal(new TokenUsage(1200, 350, 10, 8000, 7), usage.Tokens);
        Assert.Equal("claude-sonnet-4-5", usage.Model);
        Assert.Equal(0.0123m, usage.CostUsd);
        Assert.Equal(At, usage.At);
    }

    [Fact]
    public void Optional_fields_default_to_zero_and_unknown_fields_are_ignored()
    {
        var usage = UsageLine.TryParse("::token-gov usage input=5 output=6 latency_ms=300", At);

        Assert.Equal(new TokenUsage(5, 6, 0, 0, 0), usage?.Tokens);
        Assert.Null(usage?.Model);
        Assert.Equal(0m, usage?.CostUsd);
    }

    [Theory]
    [InlineData("building the project")]
    [InlineData("::token-gov usage input=-5 output=1")]
    [InlineData("::token-gov usage input=ten")]
    [InlineData("::token-gov usage input")]
    [InlineData("  ::token-gov usage input=5")]
    public void Other_output_and_malformed_lines_are_not_usage(string line)
    {
        Assert.Null(UsageLine.TryParse(line, At));
    }
}
