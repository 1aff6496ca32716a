using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

public sealed class ValidateTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Cycle_is_printed_as_the_chain_with_file_and_path_and_exits_2()
    {
        _sandbox.TaskFile("cycle.json", T("a", "acme/app", "true", "c"), T("b", "acme/app", "true", "a"), T("c", "acme/app", "true", "b"));

        var result = await _sandbox.RunAsync("validate", "--tasks", "cycle.json", "--repos-dir", "repos");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cycle.json: $.tasks[0].depends_on dependency cycle: a → c → b → a", result.Stderr);
    }

    [Fact]
    public async Task Duplicate_id_across_files_names_both_files()
    {
        _sandbox.TaskFile("one.json", T("shared", "acme/app", "true"));
        _sandbox.TaskFile("two.json", T("other", "acme/app", "true"), T("shared", "acme/app", "true"));

        var result = await _sandbox.RunAsync("validate", "--tasks", "one.json,two.json", "--repos-dir", "repos");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("two.json: $.tasks[1].id duplicate task id \"shared\", also defined in one.json at $.tasks[0]", result.Stderr);
    }

    [Fact]
    public async Task Unknown_dependency_names_file_path_and_the_missing_id()
    {
        _sandbox.TaskFile("tasks.json", T("a", "acme/app", "true"), T("b", "acme/app", "true", "a", "ghost"));

        var result = await _sandbox.RunAsync("validate", "tasks.json", "--repos-dir", "repos");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tasks.json: $.tasks[1].depends_on[1] task \"b\" depends on \"ghost\", which no task file defines", result.Stderr);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        _sandbox.Repo("acme/app");
        _sandbox.WriteFile("bad.json", """
            {"default_runner": "script", "tasks": [
              {"id": "a", "repo": "acme/app", "priority": "high", "title": "A", "prompt": "true"},
              {"id": "b", "repo": "acme/missing", "priority": 1, "title": "B", "prompt": "true", "depnds_on": ["a"]},
              {"id": "c", "repo": "acme/app", "priority": 1, "prompt": "true", "runner": "nobody"}
            ]}
            """);

        var result = await _sandbox.RunAsync("validate", "--tasks", "bad.json", "--repos-dir", "repos");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.tasks[0].priority must be a whole number, not the string \"high\"", result.Stderr);
        Assert.Contains("$.tasks[1].depnds_on is not a known field (did you mean \"depends_on\"?)", result.Stderr);
        Assert.Contains("$.tasks[1].repo repository \"acme/missing\" not found", result.Stderr);
        Assert.Contains("$.tasks[2].title is missing", result.Stderr);
        Assert.Contains("$.tasks[2].runner runner \"nobody\" is not defined", result.Stderr);
        Assert.Contains("5 problems found", result.Stderr);
    }

    [Fact]
    public async Task Malformed_json_reports_line_and_column()
    {
        _sandbox.WriteFile("broken.json", "{\n  \"tasks\": [\n    {\"id\": \"a\",, }\n  ]\n}\n");

        var result = await _sandbox.RunAsync("validate", "broken.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json:3: is not valid JSON, column", result.Stderr);
    }

    [Fact]
    public async Task Run_refuses_to_start_on_the_same_problems_and_creates_no_run()
    {
        _sandbox.TaskFile("cycle.json", T("a", "acme/app", "touch ran-a", "b"), T("b", "acme/app", "touch ran-b", "a"));

        var result = await _sandbox.RunAsync("run", "--tasks", "cycle.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("dependency cycle: a → b → a", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.StateDir, "runs")));
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/app/ran-a")));
    }

    [Fact]
    public async Task Valid_files_from_a_glob_pass_with_a_summary()
    {
        _sandbox.TaskFile("tasks-1.json", T("a", "acme/app", "true"));
        _sandbox.TaskFile("tasks-2.json", T("b", "acme/app", "true", "a"));

        var result = await _sandbox.RunAsync("validate", "--tasks", "tasks-*.json", "--repos-dir", "repos");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("OK: 2 tasks in 2 file(s)", result.Stdout);
    }

    [Fact]
    public async Task Unknown_setting_is_an_error_with_file_and_line()
    {
        _sandbox.TaskFile("tasks.json", T("a", "acme/app", "true"));
        _sandbox.WriteFile(".token-gov.yml", "workers: 2\nworkrs: 3\n");

        var result = await _sandbox.RunAsync("validate", "tasks.json", "--repos-dir", "repos");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".token-gov.yml:2: workrs is not a known setting (did you mean 'workers'?)", result.Stderr);
    }
}
