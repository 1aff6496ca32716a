using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Planning;

public sealed class TaskFilterTests
{
    private static readonly TaskDefinition[] Tasks =
    [
        Sample.Task("base"),
        Sample.Task("api-auth", 1, "base"),
        Sample.Task("api-users", 1, "api-auth"),
        Sample.Task("web-login", 1, "api-auth"),
        Sample.Task("web-home"),
        Sample.Task("docs"),
    ];

    private static List<string> Select(string pattern, TaskDefinition[]? tasks = null)
    {
        var problems = new ProblemList();
        var selected = TaskFilter.Select(tasks ?? Tasks, pattern, problems);
        Assert.Empty(problems);
        return [.. Sample.Ids(selected)];
    }

    [Fact]
    public void Glob_selects_matching_ids_with_their_transitive_dependencies_in_file_order()
    {
        Assert.Equal(["base", "api-auth", "api-users"], Select("api-*"));
    }

    [Fact]
    public void Dependencies_of_dependencies_are_pulled_in()
    {
        Assert.Equal(["base", "api-auth", "web-login"], Select("web-login"));
    }

    [Fact]
    public void Comma_separated_globs_select_the_union()
    {
        Assert.Equal(["base", "api-auth", "web-login", "web-home", "docs"], Select("docs, web-*"));
    }

    [Fact]
    public void Glob_must_match_the_whole_id()
    {
        Assert.Equal(["docs"], Select("doc*"));
        Assert.Equal(["base", "api-auth", "api-users"], Select("*users"));
    }

    [Fact]
    public void Question_mark_matches_exactly_one_character()
    {
        TaskDefinition[] tasks = [Sample.Task("t1"), Sample.Task("t2"), Sample.Task("t10"), Sample.Task("t")];

        Assert.Equal(["t1", "t2"], Select("t?", tasks));
    }

    [Fact]
    public void Brackets_match_one_of_the_listed_characters()
    {
        TaskDefinition[] tasks = [Sample.Task("job-a"), Sample.Task("job-b"), Sample.Task("job-c"), Sample.Task("job-ab")];

        Assert.Equal(["job-a", "job-b"], Select("job-[ab]", tasks));
    }

    [Fact]
    public void Dot_in_a_glob_is_a_literal_dot()
    {
        TaskDefinition[] tasks = [Sample.Task("v1.2"), Sample.Task("v1x2")];

        Assert.Equal(["v1.2"], Select("v1.2", tasks));
    }

    [Fact]
    public void Glob_matching_nothing_is_a_problem()
    {
        var problems = new ProblemList();

        var selected = TaskFilter.Select(Tasks, "mobile-*", problems);

        Assert.Empty(selected);
        var problem = Assert.Single(problems);
        Assert.Equal("--filter", problem.File);
        Assert.Equal("\"mobile-*\" matches no task id", problem.Message);
    }

    [Fact]
    public void Selected_task_needing_a_task_not_in_the_files_is_a_problem()
    {
        var problems = new ProblemList();

        var selected = TaskFilter.Select([Sample.Task("a", 1, "elsewhere")], "a", problems);

        Assert.Equal(["a"], Sample.Ids(selected));
        Assert.Equal("task \"a\" needs \"elsewhere\", which is not in the task files", Assert.Single(problems).Message);
    }

    [Theory]
    [InlineData("api-[")]
    [InlineData("api-[a")]
    [InlineData("docs, api-[")]
    public void Glob_with_an_unclosed_bracket_is_a_problem_not_a_crash(string pattern)
    {
        var problems = new ProblemList();

        var selected = TaskFilter.Select(Tasks, pattern, problems);

        Assert.Empty(selected);
        var problem = Assert.Single(problems);
        Assert.Equal("--filter", problem.File);
        Assert.Contains(pattern, problem.Message, StringComparison.Ordinal);
    }
}
