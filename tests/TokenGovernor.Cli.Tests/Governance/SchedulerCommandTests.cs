using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary><c>scheduler status|resume</c> over work a run left paused; <c>set-budget</c> raising a limit frees it.</summary>
public sealed class SchedulerCommandTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async Task<JsonNode> Json(params string[] args)
    {
        var result = await _sandbox.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    [Fact]
    public async Task A_task_paused_for_a_used_up_budget_resumes_with_scheduler_resume_once_set_budget_raises_the_limit_and_run_resume_finishes_it()
    {
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "500", "--window", "daily")).ExitCode);
        _sandbox.Repo("acme/one");
        _sandbox.Repo("acme/two");
        var tasks = new JsonArray(
            new JsonObject { ["id"] = "big", ["repo"] = "acme/one", ["priority"] = 1, ["title"] = "big", ["project"] = "web", ["estimate"] = 200, ["prompt"] = "i=0; while [ $i -lt 10 ]; do echo '::token-gov usage input=100 output=0'; i=$((i+1)); sleep 0.1; done" },
            new JsonObject { ["id"] = "next", ["repo"] = "acme/two", ["priority"] = 2, ["title"] = "next", ["project"] = "web", ["estimate"] = 400, ["prompt"] = "echo done" });
        _sandbox.WriteFile("tasks.json", new JsonObject { ["default_runner"] = "script", ["tasks"] = tasks }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var run = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");
        Assert.True(run.ExitCode == 5, run.ToString());

        var queue = (await Json("scheduler", "status"))["tasks"]!.AsArray();
        Assert.Equal(["big", "next"], queue.Select(entry => (string?)entry!["id"]));
        Assert.All(queue, entry => Assert.Equal("paused", (string?)entry!["state"]));
        Assert.All(queue, entry => Assert.False((bool)entry!["has_room"]!));
        Assert.All(queue, entry => Assert.NotNull(entry!["resumes_at"]));
        Assert.Contains("nothing to resume", (await _sandbox.RunAsync("scheduler", "resume")).Stdout);

        Assert.Equal(0, (await _sandbox.RunAsync("project", "set-budget", "web", "--budget", "100000")).ExitCode);
        var resumed = (await Json("scheduler", "resume"))["resumed"]!.AsArray();

        Assert.Equal(["big", "next"], resumed.Select(entry => (string?)entry!["id"]));
        var shown = (await Json("task", "show", "next"))["task"]!;
        Assert.Equal("ready", (string?)shown["state"]);
        Assert.Null(shown["resumes_at"]);
        Assert.Contains("no paused or waiting tasks", (await _sandbox.RunAsync("scheduler", "status")).Stdout);

        // run --resume without task files continues the latest run's.
        var again = await _sandbox.RunAsync("run", "--resume", "--tui", "off");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("completed", (string?)Sandbox.Task(_sandbox.LatestReport(), "big")["state"]);
        Assert.Equal("completed", (string?)Sandbox.Task(_sandbox.LatestReport(), "next")["state"]);
    }

    [Fact]
    public async Task Resuming_a_task_that_is_not_paused_is_refused_with_its_state()
    {
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "500")).ExitCode);
        Assert.Equal(0, (await _sandbox.RunAsync("task", "add", "--project", "web", "--id", "fresh", "--title", "Fresh", "--estimate", "10")).ExitCode);

        var result = await _sandbox.RunAsync("scheduler", "resume", "--task", "fresh");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("task: fresh is pending, not paused", result.Stderr);
    }
}
