using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class TaskSetMergerTests
{
    private static TaskSet Merge(ProblemList problems, params (string File, string Json)[] files) =>
        TaskSetMerger.Merge([.. files.Select(file => Sample.ParseClean(file.Json, file.File))], problems);

    [Fact]
    public void Tasks_of_every_file_are_kept_in_file_order()
    {
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", Sample.FileWith(Sample.TaskJson("a1"), Sample.TaskJson("a2"))),
            ("b.json", Sample.FileWith(Sample.TaskJson("b1"))));

        Assert.Empty(problems);
        Assert.Equal(["a1", "a2", "b1"], Sample.Ids(set.Tasks));
        Assert.Equal(["a.json", "b.json"], set.Files);
        Assert.Equal("b.json", set.Find("b1")?.SourceFile);
        Assert.Null(set.Find("c1"));
    }

    [Fact]
    public void Duplicate_id_across_two_files_names_both_files()
    {
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", Sample.FileWith(Sample.TaskJson("x"), Sample.TaskJson("shared"))),
            ("b.json", Sample.FileWith(Sample.TaskJson("shared"))));

        var problem = Assert.Single(problems);
        Assert.Equal("b.json", problem.File);
        Assert.Equal("$.tasks[0].id", problem.Path);
        Assert.Equal("duplicate task id \"shared\", also defined in a.json at $.tasks[1]", problem.Message);
        Assert.Equal("a.json", Assert.Single(set.Tasks, task => task.Id == "shared").SourceFile);
    }

    [Fact]
    public void Duplicate_id_within_one_file_points_to_the_first()
    {
        var problems = new ProblemList();
        Merge(problems, ("a.json", Sample.FileWith(Sample.TaskJson("x"), Sample.TaskJson("x"))));

        var problem = Assert.Single(problems);
        Assert.Equal("$.tasks[1].id", problem.Path);
        Assert.Equal("duplicate task id \"x\", also defined in $.tasks[0] of the same file", problem.Message);
    }

    [Fact]
    public void Same_runner_profile_defined_identically_in_two_files_is_fine()
    {
        const string Runners = """
            "runners": {"fast": {"type": "codex", "model": "m", "env": {"A": "1", "B": "2"}, "tier": 1}}
            """;
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", $$"""{{{Runners}}, "tasks": [{{Sample.TaskJson("a")}}]}"""),
            ("b.json", $$"""{{{Runners.Replace("\"A\": \"1\", \"B\": \"2\"", "\"B\": \"2\", \"A\": \"1\"", StringComparison.Ordinal)}}, "tasks": [{{Sample.TaskJson("b")}}]}"""));

        Assert.Empty(problems);
        Assert.Equal("a.json", Assert.Single(set.Runners).Value.SourceFile);
    }

    [Theory]
    [InlineData("\"type\": \"claude\"")]
    [InlineData("\"type\": \"codex\", \"model\": \"other\"")]
    [InlineData("\"type\": \"codex\", \"model\": \"m\", \"env\": {\"A\": \"2\"}")]
    [InlineData("\"type\": \"codex\", \"model\": \"m\", \"max_concurrent\": 2")]
    public void Same_runner_profile_name_defined_differently_is_a_problem_naming_both_files(string second)
    {
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", """{"runners": {"fast": {"type": "codex", "model": "m", "env": {"A": "1"}}}, "tasks": []}"""),
            ("b.json", $$"""{"runners": {"fast": { {{second}} } }, "tasks": []}"""));

        var problem = Assert.Single(problems);
        Assert.Equal("b.json", problem.File);
        Assert.Equal("$.runners.fast", problem.Path);
        Assert.Contains("a.json", problem.Message, StringComparison.Ordinal);
        Assert.Equal("codex", set.Runners["fast"].Type);
    }

    [Fact]
    public void Default_runner_and_fallbacks_of_a_file_apply_only_to_its_own_tasks()
    {
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", $$"""
                {"default_runner": "claude", "default_fallbacks": ["gemini"],
                 "tasks": [{{Sample.TaskJson("a1")}}, {{Sample.TaskJson("a2", "\"runner\": \"qwen\", \"fallbacks\": []")}}]}
                """),
            ("b.json", Sample.FileWith(Sample.TaskJson("b1"))));

        Assert.Empty(problems);
        var a1 = set.Find("a1")!;
        Assert.Equal("claude", a1.Runner);
        Assert.Equal(["gemini"], a1.Fallbacks);
        var a2 = set.Find("a2")!;
        Assert.Equal("qwen", a2.Runner);
        Assert.Empty(a2.Fallbacks!);
        var b1 = set.Find("b1")!;
        Assert.Null(b1.Runner);
        Assert.Null(b1.Fallbacks);
    }

    [Fact]
    public void File_settings_combine_across_files()
    {
        var problems = new ProblemList();
        var set = Merge(problems,
            ("a.json", """{"description": "first", "parallel_repo": true, "allowed_repos": ["./api"], "tasks": []}"""),
            ("b.json", """{"merge_back": false, "review": {"runner": "claude"}, "allowed_repos": ["./web", "./api"], "tasks": []}"""),
            ("c.json", """{"description": "third", "review": {"runner": "gemini"}, "tasks": []}"""));

        Assert.Empty(problems);
        Assert.Equal(["first", "third"], set.Descriptions);
        Assert.True(set.ParallelRepo);
        Assert.False(set.MergeBack);
        Assert.Equal("claude", set.Review?.Runner);
        Assert.Equal(["./api", "./web"], set.AllowedRepos);
    }

    [Fact]
    public void File_settings_left_out_everywhere_take_their_defaults()
    {
        var set = Merge(new ProblemList(), ("a.json", """{"tasks": []}"""));

        Assert.False(set.ParallelRepo);
        Assert.True(set.MergeBack);
        Assert.Null(set.Review);
        Assert.Null(set.AllowedRepos);
    }
}
