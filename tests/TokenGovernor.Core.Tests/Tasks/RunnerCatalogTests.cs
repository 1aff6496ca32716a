using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class RunnerCatalogTests
{
    private static RunnerProfile Profile(string name, string type, string source) =>
        new() { Name = name, Type = type, SourceFile = source };

    [Fact]
    public void Profile_of_a_task_file_wins_over_settings_and_built_ins()
    {
        var catalog = new RunnerCatalog(
            new Dictionary<string, RunnerProfile> { ["claude"] = Profile("claude", "script", "tasks.json") },
            new Dictionary<string, RunnerProfile> { ["claude"] = Profile("claude", "codex", "settings.yaml") });

        Assert.Equal("tasks.json", catalog.Resolve("claude")?.SourceFile);
    }

    [Fact]
    public void Profile_of_the_settings_is_used_when_no_task_file_names_it()
    {
        var catalog = new RunnerCatalog(
            new Dictionary<string, RunnerProfile>(),
            new Dictionary<string, RunnerProfile> { ["cheap"] = Profile("cheap", "qwen", "settings.yaml") });

        Assert.Equal("qwen", catalog.Resolve("cheap")?.Type);
    }

    [Fact]
    public void Built_in_type_resolves_by_its_own_name_and_unknown_names_do_not()
    {
        var catalog = new RunnerCatalog(new Dictionary<string, RunnerProfile>(), new Dictionary<string, RunnerProfile>());

        var gemini = catalog.Resolve("gemini");
        Assert.Equal("gemini", gemini?.Type);
        Assert.Equal("(built-in)", gemini?.SourceFile);
        Assert.Null(catalog.Resolve("gpt-cli"));
    }

    [Fact]
    public void Names_lists_every_resolvable_name_once()
    {
        var catalog = new RunnerCatalog(
            new Dictionary<string, RunnerProfile> { ["fast"] = Profile("fast", "codex", "tasks.json") },
            new Dictionary<string, RunnerProfile> { ["fast"] = Profile("fast", "codex", "settings.yaml"), ["codex"] = Profile("codex", "codex", "settings.yaml") });

        var names = catalog.Names.ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Contains("fast", names);
        Assert.All(RunnerCatalog.KnownTypes, type => Assert.Contains(type, names));
    }
}
