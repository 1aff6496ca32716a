using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class SpellingTests
{
    private static readonly string[] Fields = ["id", "repo", "priority", "title", "prompt", "depends_on"];

    [Theory]
    [InlineData("depnds_on", "depends_on")]
    [InlineData("dependson", "depends_on")]
    [InlineData("Priority", "priority")]
    [InlineData("tilte", "title")]
    [InlineData("rpeo", "repo")]
    public void Closest_suggests_the_name_a_typo_was_meant_to_be(string typo, string expected)
    {
        Assert.Equal(expected, Spelling.Closest(typo, Fields));
    }

    [Theory]
    [InlineData("estimate_tokens")]
    [InlineData("xyz")]
    public void Closest_suggests_nothing_for_a_name_unlike_any_known(string input)
    {
        Assert.Null(Spelling.Closest(input, Fields));
    }

    [Fact]
    public void Closest_suggests_nothing_when_nothing_is_known()
    {
        Assert.Null(Spelling.Closest("id", []));
    }
}
