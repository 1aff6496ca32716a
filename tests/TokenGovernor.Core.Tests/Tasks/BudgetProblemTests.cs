namespace TokenGovernor.Core.Tests.Tasks;

public sealed class BudgetProblemTests
{
    [Theory]
    [InlineData("hourly")]
    [InlineData("0h")]
    [InlineData("5m")]
    public void Unknown_budget_window_is_reported(string window)
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", $$"""
            "budget": {"tokens": 1000, "window": "{{window}}"}
            """))));

        Assert.Equal("$.tasks[0].budget.window", problem.Path);
        Assert.Equal($"\"{window}\" is not a budget window", problem.Message);
    }

    [Theory]
    [InlineData("-100")]
    [InlineData("0")]
    [InlineData("2.5")]
    public void Budget_number_must_be_a_positive_whole_number_of_tokens(string budget)
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", $"\"budget\": {budget}"))));

        Assert.Equal("$.tasks[0].budget", problem.Path);
        Assert.Equal($"must be a positive whole number of tokens, not {budget}", problem.Message);
    }

    [Fact]
    public void Negative_dollar_budget_is_reported_at_usd()
    {
        var problems = Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", """
            "budget": {"tokens": 1000, "usd": -2}
            """)));

        var problem = Assert.Single(problems);
        Assert.Equal("$.tasks[0].budget.usd", problem.Path);
        Assert.Equal("must be a positive number of dollars, not the number -2", problem.Message);
    }

    [Fact]
    public void Budget_object_without_a_limit_is_reported()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", """
            "budget": {"window": "daily"}
            """))));

        Assert.Equal("$.tasks[0].budget", problem.Path);
        Assert.Equal("names no limit", problem.Message);
    }

    [Fact]
    public void Budget_of_the_wrong_type_is_reported()
    {
        var problem = Assert.Single(Sample.ProblemsOf(Sample.FileWith(Sample.TaskJson("a", "\"budget\": \"lots\""))));

        Assert.Equal("$.tasks[0].budget", problem.Path);
        Assert.EndsWith("not the string \"lots\"", problem.Message, StringComparison.Ordinal);
    }
}
