using System.Text.Json.Nodes;
using TokenGovernor.Core;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Settings;
using static TokenGovernor.Engine.Tests.ScratchDirectory;

namespace TokenGovernor.Engine.Tests.Loading;

public sealed class TaskLoaderTests : IDisposable
{
    private static readonly string[] ScriptOnly = ["script"];

    private readonly ScratchDirectory _scratch = new();

    public TaskLoaderTests()
    {
        _scratch.Folder("repos/acme/one");
        _scratch.Folder("repos/acme/two");
    }

    public void Dispose() => _scratch.Dispose();

    private LoadedTasks Load(string[] specs, GovernorSettings? settings = null, string? filter = null, IReadOnlyCollection<string>? runnable = null) =>
        TaskLoader.Load(specs, filter, settings ?? GovernorSettings.Empty, new RepoResolver(_scratch.File("repos")), runnable ?? ScriptOnly, _scratch.Path);

    private static RunnerProfile Profile(string name, string type = "script", string? model = null) =>
        new() { Name = name, Type = type, Model = model, SourceFile = ".token-gov.yml" };

    private static JsonObject File(params JsonObject[] tasks) => new() { ["tasks"] = new JsonArray([.. tasks]) };

    private static JsonObject WithRunner(JsonObject task, string runner)
    {
        task["runner"] = runner;
        return task;
    }

    [Fact]
    public void Settings_defaults_apply_only_to_tasks_whose_file_names_no_runner()
    {
        var withDefaults = File(Task("a1", "acme/one"));
        withDefaults["default_runner"] = "fast";
        withDefaults["default_fallbacks"] = new JsonArray("fast");
        withDefaults["runners"] = new JsonObject { ["fast"] = new JsonObject { ["type"] = "script" } };
        _scratch.TaskFile("with-defaults.json", withDefaults);
        var explicitTask = WithRunner(Task("b2", "acme/two"), "fast");
        explicitTask["fallbacks"] = new JsonArray();
        _scratch.TaskFile("bare.json", File(Task("b1", "acme/two"), explicitTask));
        var settings = new GovernorSettings
        {
            DefaultRunner = "script",
            DefaultFallbacks = ["backup"],
            Runners = new Dictionary<string, RunnerProfile> { ["backup"] = Profile("backup") },
        };

        var loaded = Load(["with-defaults.json", "bare.json"], settings);

        var byId = loaded.Selected.ToDictionary(task => task.Id);
        Assert.Equal("fast", byId["a1"].Runner);
        Assert.Equal(["fast"], byId["a1"].Fallbacks);
        Assert.Equal("script", byId["b1"].Runner);
        Assert.Equal(["backup"], byId["b1"].Fallbacks);
        Assert.Equal("fast", byId["b2"].Runner);
        Assert.Empty(byId["b2"].Fallbacks!);
        Assert.Equal("script", loaded.DefaultRunner);
    }

    [Fact]
    public void Without_a_default_anywhere_tasks_keep_no_runner_and_the_built_in_default_applies()
    {
        _scratch.TaskFile("tasks.json", File(Task("a", "acme/one")));

        var loaded = Load(["tasks.json"], runnable: RunnerCatalog.KnownTypes);

        Assert.Null(Assert.Single(loaded.Selected).Runner);
        Assert.Equal(RunnerCatalog.DefaultRunner, loaded.DefaultRunner);
    }

    [Fact]
    public void Each_task_is_given_its_resolved_repository_folder()
    {
        _scratch.Folder("repos/flat");
        _scratch.TaskFile("tasks.json", File(WithRunner(Task("a", "acme/one"), "script"), WithRunner(Task("b", "other/flat"), "script")));

        var loaded = Load(["tasks.json"]);

        Assert.Equal(_scratch.File("repos/acme/one"), loaded.RepoPaths["a"]);
        Assert.Equal(_scratch.File("repos/flat"), loaded.RepoPaths["b"]);
    }

    [Fact]
    public void Missing_repository_is_reported_with_both_places_looked()
    {
        _scratch.TaskFile("tasks.json", File(WithRunner(Task("a", "acme/one"), "script"), WithRunner(Task("b", "acme/ghost"), "script")));

        var error = Assert.Throws<TaskFileException>(() => Load(["tasks.json"]));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("tasks.json", problem.File);
        Assert.Equal("$.tasks[1].repo", problem.Path);
        Assert.Contains(_scratch.File("repos/acme/ghost"), problem.Message);
        Assert.Contains(_scratch.File("repos/ghost"), problem.Message);
        Assert.Contains("--repos-dir", problem.Hint);
    }

    [Fact]
    public void Filter_selects_matching_tasks_and_their_dependencies_but_keeps_the_whole_set()
    {
        _scratch.TaskFile("tasks.json", File(Task("build", "acme/one"), Task("test", "acme/one", "true", "build"), Task("docs", "acme/two")));

        var loaded = Load(["tasks.json"], new GovernorSettings { DefaultRunner = "script" }, filter: "test");

        Assert.Equal(["build", "test"], loaded.Selected.Select(task => task.Id));
        Assert.Equal(3, loaded.Set.Tasks.Count);
        Assert.False(loaded.RepoPaths.ContainsKey("docs"));
    }

    [Fact]
    public void Filter_skips_checks_of_tasks_it_leaves_out()
    {
        _scratch.TaskFile("tasks.json", File(Task("good", "acme/one"), Task("broken", "acme/missing")));

        var loaded = Load(["tasks.json"], new GovernorSettings { DefaultRunner = "script" }, filter: "good");

        Assert.Equal("good", Assert.Single(loaded.Selected).Id);
    }

    [Fact]
    public void A_runner_defined_only_in_the_settings_resolves()
    {
        _scratch.TaskFile("tasks.json", File(WithRunner(Task("a", "acme/one"), "local")));
        var settings = new GovernorSettings { Runners = new Dictionary<string, RunnerProfile> { ["local"] = Profile("local", model: "small") } };

        var loaded = Load(["tasks.json"], settings);

        var profile = loaded.Runners.Resolve("local");
        Assert.NotNull(profile);
        Assert.Equal("script", profile.Type);
        Assert.Equal("small", profile.Model);
    }

    [Fact]
    public void Every_problem_is_collected_into_one_exception()
    {
        _scratch.TaskFile("tasks.json", File(
            WithRunner(Task("a", "acme/ghost"), "script"),
            WithRunner(Task("b", "acme/one", "true", "nonexistent"), "script"),
            WithRunner(Task("c", "acme/two"), "mystery")));

        var error = Assert.Throws<TaskFileException>(() => Load(["tasks.json", "absent.json"]));

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, problem => problem.File == "absent.json" && problem.Message == "task file not found");
        Assert.Contains(error.Problems, problem => problem.Path == "$.tasks[0].repo");
        Assert.Contains(error.Problems, problem => problem.Path == "$.tasks[1].depends_on[0]");
        Assert.Contains(error.Problems, problem => problem.Path == "$.tasks[2].runner" && problem.Message.Contains("\"mystery\" is not defined"));
        Assert.Equal("4 problem(s) in the task files", error.Message);
    }

    [Fact]
    public void A_runner_type_this_build_cannot_run_is_a_problem()
    {
        _scratch.TaskFile("tasks.json", File(WithRunner(Task("a", "acme/one"), "claude")));

        var error = Assert.Throws<TaskFileException>(() => Load(["tasks.json"]));

        Assert.Contains("cannot run in this build", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void Task_files_without_tasks_are_refused()
    {
        _scratch.TaskFile("tasks.json", File());

        var error = Assert.Throws<TokenGovException>(() => Load(["tasks.json"]));

        Assert.Contains("hold no tasks", error.Message);
    }

    [Fact]
    public void A_task_file_outside_the_working_directory_is_named_by_its_full_path()
    {
        var elsewhere = new ScratchDirectory();
        try
        {
            var path = elsewhere.TaskFile("tasks.json", File(WithRunner(Task("a", "acme/ghost"), "script")));

            var error = Assert.Throws<TaskFileException>(() => Load([path]));

            Assert.Equal(path, Assert.Single(error.Problems).File);
        }
        finally
        {
            elsewhere.Dispose();
        }
    }
}
