using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class TaskFileParserTests
{
    private const string EveryField = """
        {
          // Comments and trailing commas are allowed: people edit these files by hand.
          "description": "Q3 checkout rework",
          "default_runner": "fast",
          "default_fallbacks": ["claude", "gemini"],
          "runners": {
            "fast": {
              "type": "codex",
              "model": "gpt-5-mini",
              "env": {"OPENAI_API_KEY": "env:WORK_OPENAI_KEY", "MODE": "quiet"},
              "free": true,
              "tier": 2,
              "fallback_only": false,
              "max_concurrent": 3
            },
            "careful": {"type": "claude", "fallback_only": true},
          },
          "parallel_repo": true,
          "merge_back": false,
          "review": {"enabled": true, "runner": "careful", "fallback_only": true},
          "allowed_repos": ["./api", "./web"],
          "tasks": [
            {
              "id": "api-base",
              "repo": "./api",
              "priority": 0,
              "title": "Base API",
              "prompt": "Set up the API skeleton",
              "budget": {"tokens": 500000, "usd": 12.5, "window": "5h"}
            },
            {
              "id": "api-auth",
              "repo": "./api",
              "priority": 1,
              "title": "Add auth",
              "prompt": "Add JWT authentication",
              "depends_on": "api-base",
              "runner": "careful",
              "fallbacks": ["codex", "qwen"],
              "difficulty": "complex",
              "score": 0.85,
              "project": "shop",
              "package": "auth",
              "budget": 200000,
              "estimate": 150000
            },
            {
              "id": "web-login",
              "repo": "./web",
              "priority": 2,
              "title": "Login page",
              "prompt": "Build the login page",
              "depends_on": ["api-auth", "api-base"],
              "difficulty": "simple",
              "budget": {"usd": 3, "window": "daily"}
            },
          ]
        }
        """;

    [Fact]
    public void A_file_with_every_field_parses_to_the_values_written()
    {
        var file = Sample.ParseClean(EveryField, "checkout.json");

        Assert.Equal("checkout.json", file.Path);
        Assert.Equal("Q3 checkout rework", file.Description);
        Assert.Equal("fast", file.DefaultRunner);
        Assert.Equal(["claude", "gemini"], file.DefaultFallbacks);
        Assert.True(file.ParallelRepo);
        Assert.False(file.MergeBack);
        Assert.Equal(new ReviewConfig(true, "careful", true), file.Review);
        Assert.Equal(["./api", "./web"], file.AllowedRepos);
        Assert.Equal(["api-base", "api-auth", "web-login"], Sample.Ids(file.Tasks));
    }

    [Fact]
    public void Runner_profiles_keep_type_model_env_and_limits()
    {
        var file = Sample.ParseClean(EveryField);

        Assert.Equal(["fast", "careful"], file.Runners.Keys);
        var fast = file.Runners["fast"];
        Assert.Equal("fast", fast.Name);
        Assert.Equal("codex", fast.Type);
        Assert.Equal("gpt-5-mini", fast.Model);
        Assert.Equal("env:WORK_OPENAI_KEY", fast.Env["OPENAI_API_KEY"]);
        Assert.Equal("quiet", fast.Env["MODE"]);
        Assert.Equal(2, fast.Env.Count);
        Assert.True(fast.Free);
        Assert.Equal(2, fast.Tier);
        Assert.False(fast.FallbackOnly);
        Assert.Equal(3, fast.MaxConcurrent);
        Assert.Equal("a.json", fast.SourceFile);

        var careful = file.Runners["careful"];
        Assert.Equal("claude", careful.Type);
        Assert.Null(careful.Model);
        Assert.Empty(careful.Env);
        Assert.False(careful.Free);
        Assert.Null(careful.Tier);
        Assert.True(careful.FallbackOnly);
        Assert.Null(careful.MaxConcurrent);
    }

    [Fact]
    public void A_task_with_every_field_parses_to_the_values_written()
    {
        var task = Sample.ParseClean(EveryField).Tasks[1];

        Assert.Equal("api-auth", task.Id);
        Assert.Equal("./api", task.Repo);
        Assert.Equal(1, task.Priority);
        Assert.Equal("Add auth", task.Title);
        Assert.Equal("Add JWT authentication", task.Prompt);
        Assert.Equal(["api-base"], task.DependsOn);
        Assert.Equal("careful", task.Runner);
        Assert.Equal(["codex", "qwen"], task.Fallbacks);
        Assert.Equal("complex", task.Difficulty);
        Assert.Equal(0.85, task.Score);
        Assert.Equal("shop", task.Project);
        Assert.Equal("auth", task.Package);
        Assert.Equal(new BudgetSpec(200000, null, null), task.Budget);
        Assert.Equal(150000, task.Estimate);
        Assert.Equal("a.json", task.SourceFile);
        Assert.Equal(1, task.Index);
        Assert.Equal("$.tasks[1]", task.JsonPath);
    }

    [Fact]
    public void Optional_task_fields_left_out_stay_unset()
    {
        var task = Sample.ParseClean(EveryField).Tasks[0];

        Assert.Equal(0, task.Priority);
        Assert.Empty(task.DependsOn);
        Assert.Null(task.Runner);
        Assert.Null(task.Fallbacks);
        Assert.Null(task.Difficulty);
        Assert.Null(task.Score);
        Assert.Null(task.Project);
        Assert.Null(task.Package);
        Assert.Null(task.Estimate);
    }

    [Fact]
    public void Depends_on_may_be_a_single_string_or_an_array()
    {
        var file = Sample.ParseClean(EveryField);

        Assert.Equal(["api-base"], file.Tasks[1].DependsOn);
        Assert.Equal(["api-auth", "api-base"], file.Tasks[2].DependsOn);
    }

    [Fact]
    public void Fallbacks_may_be_a_single_string()
    {
        var file = Sample.ParseClean(Sample.FileWith(Sample.TaskJson("a", "\"fallbacks\": \"claude\"")));

        Assert.Equal(["claude"], file.Tasks[0].Fallbacks);
    }

    [Fact]
    public void Budget_object_keeps_tokens_dollars_and_window()
    {
        var file = Sample.ParseClean(EveryField);

        Assert.Equal(new BudgetSpec(500000, 12.5m, "5h"), file.Tasks[0].Budget);
        Assert.Equal(new BudgetSpec(null, 3m, "daily"), file.Tasks[2].Budget);
    }

    [Theory]
    [InlineData("total")]
    [InlineData("daily")]
    [InlineData("weekly")]
    [InlineData("monthly")]
    [InlineData("1h")]
    [InlineData("24h")]
    public void Every_documented_budget_window_is_accepted(string window)
    {
        var file = Sample.ParseClean(Sample.FileWith(Sample.TaskJson("a", $$"""
            "budget": {"tokens": 1000, "window": "{{window}}"}
            """)));

        Assert.Equal(window, file.Tasks[0].Budget?.Window);
    }

    [Fact]
    public void Review_written_as_true_enables_review_with_no_runner()
    {
        var file = Sample.ParseClean("""{"review": true, "tasks": []}""");

        Assert.Equal(new ReviewConfig(true, null, false), file.Review);
    }

    [Fact]
    public void Review_object_without_enabled_counts_as_enabled()
    {
        var file = Sample.ParseClean("""{"review": {"runner": "claude"}, "tasks": []}""");

        Assert.Equal(new ReviewConfig(true, "claude", false), file.Review);
    }

    [Fact]
    public void A_bare_array_is_read_as_the_tasks_of_the_file()
    {
        var file = Sample.ParseClean($"[{Sample.TaskJson("a")}, {Sample.TaskJson("b")}]");

        Assert.Equal(["a", "b"], Sample.Ids(file.Tasks));
        Assert.Equal("$.tasks[1]", file.Tasks[1].JsonPath);
    }

    [Fact]
    public void Top_level_fields_left_out_stay_unset()
    {
        var file = Sample.ParseClean(Sample.FileWith(Sample.TaskJson("a")));

        Assert.Null(file.Description);
        Assert.Null(file.DefaultRunner);
        Assert.Null(file.DefaultFallbacks);
        Assert.Empty(file.Runners);
        Assert.Null(file.ParallelRepo);
        Assert.Null(file.MergeBack);
        Assert.Null(file.Review);
        Assert.Null(file.AllowedRepos);
    }

    [Fact]
    public void Null_counts_as_a_field_left_out()
    {
        var file = Sample.ParseClean(Sample.FileWith(Sample.TaskJson("a", "\"runner\": null, \"budget\": null, \"depends_on\": null")));

        Assert.Null(file.Tasks[0].Runner);
        Assert.Null(file.Tasks[0].Budget);
        Assert.Empty(file.Tasks[0].DependsOn);
    }
}
