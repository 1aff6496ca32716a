using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class RunnerProfileProblemTests
{
    [Fact]
    public void Runner_profile_without_a_type_is_reported_and_left_out()
    {
        var problems = new ProblemList();
        var file = Sample.Parse("""{"runners": {"fast": {"model": "m"}}, "tasks": []}""", problems);

        var problem = Assert.Single(problems);
        Assert.Equal("$.runners.fast.type", problem.Path);
        Assert.Equal("is missing", problem.Message);
        Assert.Empty(file!.Runners);
    }

    [Theory]
    [InlineData("\"tier\": 4", "$.runners.fast.tier", "must be 1, 2 or 3, not 4")]
    [InlineData("\"tier\": 0", "$.runners.fast.tier", "must be at least 1, not 0")]
    [InlineData("\"max_concurrent\": 0", "$.runners.fast.max_concurrent", "must be at least 1, not 0")]
    [InlineData("\"free\": \"yes\"", "$.runners.fast.free", "must be true or false, not the string \"yes\"")]
    [InlineData("\"env\": {\"PORT\": 8080}", "$.runners.fast.env.PORT", "must be a string (a value, or env:NAME to read it from the environment), not the number 8080")]
    [InlineData("\"env\": [\"A=1\"]", "$.runners.fast.env", "must be an object of variable names to values, not an array")]
    [InlineData("\"modle\": \"m\"", "$.runners.fast.modle", "is not a known field")]
    public void Runner_profile_field_problems_are_reported_at_their_path(string field, string path, string message)
    {
        var problem = Assert.Single(Sample.ProblemsOf($$"""{"runners": {"fast": {"type": "codex", {{field}} } }, "tasks": []}"""));

        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void Runners_that_are_not_an_object_are_reported()
    {
        var problem = Assert.Single(Sample.ProblemsOf("""{"runners": ["codex"], "tasks": []}"""));

        Assert.Equal("$.runners", problem.Path);
        Assert.Equal("must be an object of named runner profiles, not an array", problem.Message);
    }
}
