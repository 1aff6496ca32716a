using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>`run` registers the governed tasks its task files name, and records how they ended.</summary>
public sealed class RunRegistrationTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public RunRegistrationTests()
    {
        _sandbox.Repo("acme/web");
        _sandbox.WriteFile("tasks.json", """
            {"default_runner": "script", "tasks": [
              {"id": "build", "repo": "acme/web", "priority": 1, "title": "Build", "prompt": "echo built",
               "project": "web", "package": "api", "budget": 5000, "estimate": 1200},
              {"id": "lint", "repo": "acme/web", "priority": 2, "title": "Lint", "prompt": "exit 3", "project": "web"}
            ]}
            """);
    }

    public void Dispose() => _sandbox.Dispose();

    private async Task<JsonNode> TaskJson(string id)
    {
        var show = await _sandbox.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonNode.Parse(show.Stdout)!["task"]!;
    }

    [Fact]
    public async Task Run_registers_named_tasks_with_budget_estimate_and_package_and_records_their_outcome()
    {
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "100000")).ExitCode);

        var run = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("registered 2 task(s) and 1 package(s) named in the task files", run.Stderr);
        var build = await TaskJson("build");
        Assert.Equal(5000, (long)build["budget"]!["tokens"]!);
        Assert.Equal(1200, (long)build["estimate"]!["tokens"]!);
        Assert.Equal("explicit", (string?)build["estimate"]!["source"]);
        Assert.NotNull((string?)build["package"]);
        Assert.Equal("completed", (string?)build["state"]);
        Assert.Equal("failed", (string?)(await TaskJson("lint"))["state"]);
    }

    [Fact]
    public async Task Run_refuses_a_project_that_is_not_registered_and_runs_nothing()
    {
        var run = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tasks.json: $.tasks[0].project names \"web\", which is not registered; register it first", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.StateDir, "runs")));
    }

    [Fact]
    public async Task Run_refuses_a_task_budget_above_its_project_budget()
    {
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "1000")).ExitCode);

        var run = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("budget: 5,000 tokens is above the budget of project \"web\" (1,000 tokens)", run.Stderr);
    }
}
