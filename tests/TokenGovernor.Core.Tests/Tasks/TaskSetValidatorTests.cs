using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class TaskSetValidatorTests
{
    private static ProblemList Validate(string json, IReadOnlyCollection<string>? runnableTypes = null)
    {
        var problems = new ProblemList();
        var set = TaskSetMerger.Merge([Sample.ParseClean(json)], problems);
        Assert.Empty(problems);
        var catalog = new RunnerCatalog(set.Runners, new Dictionary<string, RunnerProfile>());
        TaskSetValidator.Validate(set, catalog, RunnerCatalog.DefaultRunner, runnableTypes ?? RunnerCatalog.KnownTypes, problems);
        return problems;
    }

    private static string Dependent(string id, params string[] dependsOn) =>
        Sample.TaskJson(id, $"\"depends_on\": [{string.Join(", ", dependsOn.Select(dependency => $"\"{dependency}\""))}]");

    [Fact]
    public void A_valid_dag_has_no_problems()
    {
        var problems = Validate(Sample.FileWith(
            Sample.TaskJson("base"),
            Dependent("api", "base"),
            Dependent("web", "base"),
            Dependent("e2e", "api", "web")));

        Assert.Empty(problems);
    }

    [Fact]
    public void Unknown_dependency_is_reported_with_the_id_it_resembles()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Sample.TaskJson("api-base"), Dependent("api-auth", "api-base", "api-bsae"))));

        Assert.Equal("a.json", problem.File);
        Assert.Equal("$.tasks[1].depends_on[1]", problem.Path);
        Assert.Equal("task \"api-auth\" depends on \"api-bsae\", which no task file defines", problem.Message);
        Assert.Equal("did you mean \"api-base\"?", problem.Hint);
    }

    [Fact]
    public void Unknown_dependency_like_no_task_asks_to_remove_it_or_add_the_task()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Dependent("api", "completely-different"))));

        Assert.Equal("remove the dependency or add that task", problem.Hint);
    }

    [Fact]
    public void Unknown_runner_is_reported_with_the_name_it_resembles()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Sample.TaskJson("a", "\"runner\": \"cladue\""))));

        Assert.Equal("$.tasks[0].runner", problem.Path);
        Assert.Equal("runner \"cladue\" is not defined", problem.Message);
        Assert.Equal("did you mean \"claude\"?", problem.Hint);
    }

    [Fact]
    public void Unknown_fallback_is_reported_at_its_index()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Sample.TaskJson("a", "\"fallbacks\": [\"claude\", \"nobody-knows-this\"]"))));

        Assert.Equal("$.tasks[0].fallbacks[1]", problem.Path);
        Assert.Equal("runner \"nobody-knows-this\" is not defined", problem.Message);
    }

    [Fact]
    public void Runner_profiles_of_the_file_resolve_by_name()
    {
        var problems = Validate($$"""
            {"runners": {"careful": {"type": "claude"} }, "tasks": [{{Sample.TaskJson("a", "\"runner\": \"careful\"")}}]}
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void Runner_whose_type_cannot_run_in_this_build_is_reported()
    {
        var problems = Validate($$"""
            {"runners": {"fast": {"type": "codex"} },
             "tasks": [{{Sample.TaskJson("a", "\"runner\": \"fast\"")}}, {{Sample.TaskJson("b", "\"runner\": \"script\"")}}]}
            """, ["script"]);

        var problem = Assert.Single(problems);
        Assert.Equal("$.tasks[0].runner", problem.Path);
        Assert.Equal("runner \"fast\" (type codex) cannot run in this build", problem.Message);
        Assert.Equal("runnable types: script", problem.Hint);
    }

    [Fact]
    public void Task_without_a_runner_is_checked_against_the_default_runner()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Sample.TaskJson("a")), ["script"]));

        Assert.Equal("$.tasks[0].runner", problem.Path);
        Assert.Equal("runner \"codex\" (type codex) cannot run in this build", problem.Message);
    }

    [Fact]
    public void Runner_profile_of_an_unknown_type_is_reported_at_its_type()
    {
        var problems = Validate("""{"runners": {"mine": {"type": "gpt-cli"}}, "tasks": []}""");

        var problem = Assert.Single(problems);
        Assert.Equal("$.runners.mine.type", problem.Path);
        Assert.Equal("\"gpt-cli\" is not a runner type", problem.Message);
    }

    [Fact]
    public void Repo_outside_allowed_repos_is_reported()
    {
        var problem = Assert.Single(Validate($$"""
            {"allowed_repos": ["./web"], "tasks": [{{Sample.TaskJson("a")}}]}
            """));

        Assert.Equal("$.tasks[0].repo", problem.Path);
        Assert.Equal("repo \"./api\" is not in allowed_repos", problem.Message);
        Assert.Equal("allowed: ./web", problem.Hint);
    }

    [Fact]
    public void Cycle_is_reported_as_the_chain_of_ids()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Dependent("a", "b"), Dependent("b", "c"), Dependent("c", "a"))));

        Assert.Equal("$.tasks[0].depends_on", problem.Path);
        Assert.Equal("dependency cycle: a → b → c → a", problem.Message);
    }

    [Fact]
    public void Task_that_depends_on_itself_is_a_cycle()
    {
        var problem = Assert.Single(Validate(Sample.FileWith(Sample.TaskJson("base"), Dependent("a", "base", "a"))));

        Assert.Equal("$.tasks[1].depends_on", problem.Path);
        Assert.Equal("dependency cycle: a → a", problem.Message);
    }

    [Fact]
    public void Two_separate_cycles_are_both_reported()
    {
        var problems = Validate(Sample.FileWith(
            Dependent("a", "b"), Dependent("b", "a"),
            Sample.TaskJson("free"),
            Dependent("x", "y"), Dependent("y", "z"), Dependent("z", "x")));

        Assert.Equal(
            ["dependency cycle: a → b → a", "dependency cycle: x → y → z → x"],
            problems.Select(problem => problem.Message));
    }

    [Fact]
    public void Problems_of_different_kinds_are_all_reported_together()
    {
        var problems = Validate($$"""
            {"allowed_repos": ["./api"], "tasks": [
              {{Dependent("a", "b", "missing")}},
              {{Dependent("b", "a")}},
              {{Sample.TaskJson("c", "\"repo\": \"./web\", \"runner\": \"nope-nope-nope\"").Replace("\"repo\": \"./api\", ", "", StringComparison.Ordinal)}}
            ]}
            """);

        Assert.Equal(
            ["$.tasks[0].depends_on", "$.tasks[0].depends_on[1]", "$.tasks[2].repo", "$.tasks[2].runner"],
            problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
    }
}
