using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Tests.Runs;

public sealed class TokenUsageTests
{
    [Fact]
    public void Total_counts_every_kind_of_token()
    {
        Assert.Equal(1 + 20 + 300 + 4_000 + 50_000, new TokenUsage(1, 20, 300, 4_000, 50_000).Total);
    }

    [Fact]
    public void Adding_usage_adds_each_kind_separately()
    {
        var sum = new TokenUsage(1, 2, 3, 4, 5) + new TokenUsage(10, 20, 30, 40, 50);

        Assert.Equal(new TokenUsage(11, 22, 33, 44, 55), sum);
        Assert.Equal(sum, new TokenUsage(1, 2, 3, 4, 5).Add(new TokenUsage(10, 20, 30, 40, 50)));
    }

    [Fact]
    public void Zero_adds_nothing()
    {
        var usage = new TokenUsage(7, 8, 9, 10, 11);

        Assert.Equal(usage, usage + TokenUsage.Zero);
        Assert.Equal(0, TokenUsage.Zero.Total);
    }
}
