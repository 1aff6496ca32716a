using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

public sealed class RunDagTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>A script that records its own start and end (ns since epoch) in the repo, sleeping in between.</summary>
    private static string Timed(string name, double seconds) =>
        $"date +%s%N > {name}.start && sleep {seconds} && date +%s%N > {name}.end && echo {name} done";

    private long Stamp(string repo, string file) => long.Parse(File.ReadAllText(Path.Combine(_sandbox.ReposDir, repo, file)).Trim());

    [Fact]
    public async Task Three_level_dag_runs_in_dependency_order_with_real_parallelism()
    {
        _sandbox.TaskFile("dag.json",
            T("a1", "acme/one", Timed("a1", 0.8)),
            T("a2", "acme/two", Timed("a2", 0.8)),
            T("b", "acme/three", Timed("b", 0.2), "a1", "a2"),
            T("c", "acme/four", Timed("c", 0.1), "b"));

        var result = await _sandbox.RunAsync("run", "--tasks", "dag.json", "--repos-dir", "repos", "--workers", "4", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The two roots overlap in time: each started before the other ended.
        Assert.True(Stamp("acme/two", "a2.start") < Stamp("acme/one", "a1.end"));
        Assert.True(Stamp("acme/one", "a1.start") < Stamp("acme/two", "a2.end"));
        // Each level starts only after every task it depends on has ended.
        Assert.True(Stamp("acme/three", "b.start") >= Math.Max(Stamp("acme/one", "a1.end"), Stamp("acme/two", "a2.end")));
        Assert.True(Stamp("acme/four", "c.start") >= Stamp("acme/three", "b.end"));
        var report = _sandbox.LatestReport();
        Assert.Equal(4, (int)report["summary"]!["completed"]!);
        Assert.Equal("c done", (string?)Sandbox.Task(report, "c")["final_message"]);
    }

    [Fact]
    public async Task Tasks_sharing_a_repo_never_overlap()
    {
        _sandbox.TaskFile("same.json", T("x", "acme/shared", Timed("x", 0.4)), T("y", "acme/shared", Timed("y", 0.4)));

        var result = await _sandbox.RunAsync("run", "same.json", "--repos-dir", "repos", "--workers", "2", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var xFirst = Stamp("acme/shared", "x.start") < Stamp("acme/shared", "y.start");
        Assert.True(xFirst
            ? Stamp("acme/shared", "y.start") >= Stamp("acme/shared", "x.end")
            : Stamp("acme/shared", "x.start") >= Stamp("acme/shared", "y.end"));
    }

    [Fact]
    public async Task A_failing_task_skips_exactly_its_transitive_dependents()
    {
        _sandbox.TaskFile("tasks.json",
            T("a", "acme/one", "echo 'cannot build' >&2; exit 3"),
            T("b", "acme/two", "touch ran", "a"),
            T("c", "acme/three", "touch ran", "b"),
            T("d", "acme/four", "echo d"),
            T("e", "acme/five", "echo e", "d"));

        var result = await _sandbox.RunAsync("run", "--tasks", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var report = _sandbox.LatestReport();
        string State(string id) => (string)Sandbox.Task(report, id)["state"]!;
        Assert.Equal("failed", State("a"));
        Assert.Equal("exit code 3: cannot build", (string?)Sandbox.Task(report, "a")["reason"]);
        Assert.Equal("skipped", State("b"));
        Assert.Equal("skipped", State("c"));
        Assert.Equal("dependency a failed", (string?)Sandbox.Task(report, "c")["reason"]);
        Assert.Equal("completed", State("d"));
        Assert.Equal("completed", State("e"));
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/two/ran")));
        Assert.Contains("Total: 5 Completed: 2 Failed: 1 Skipped: 2", result.Stdout);
    }

    [Fact]
    public async Task Fail_fast_starts_nothing_after_the_first_failure()
    {
        _sandbox.TaskFile("tasks.json",
            T("bad", "acme/one", "exit 1"),
            T("later", "acme/two", "touch ran", "bad-sibling"),
            T("bad-sibling", "acme/three", "sleep 0.3"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--workers", "1", "--fail-fast", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var report = _sandbox.LatestReport();
        Assert.Equal("skipped", (string)Sandbox.Task(report, "later")["state"]!);
        Assert.StartsWith("fail-fast", (string)Sandbox.Task(report, "bad-sibling")["reason"]!);
    }

    [Fact]
    public async Task Lower_priority_number_starts_first_even_in_later_waves()
    {
        _sandbox.WriteFile("prio.json", """
            {"default_runner": "script", "tasks": [
              {"id": "root", "repo": "r/root", "priority": 1, "title": "root", "prompt": "echo root >> ../order"},
              {"id": "late-urgent", "repo": "r/a", "priority": 1, "title": "t", "prompt": "echo late-urgent >> ../order", "depends_on": "root"},
              {"id": "ready-lazy", "repo": "r/b", "priority": 5, "title": "t", "prompt": "echo ready-lazy >> ../order"}
            ]}
            """);
        foreach (var repo in new[] { "r/root", "r/a", "r/b" })
        {
            _sandbox.Repo(repo);
        }

        var result = await _sandbox.RunAsync("run", "prio.json", "--repos-dir", "repos", "--workers", "1", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["root", "late-urgent", "ready-lazy"], File.ReadAllLines(Path.Combine(_sandbox.ReposDir, "r/order")));
    }

    [Fact]
    public async Task Filter_runs_matching_tasks_and_what_they_depend_on()
    {
        _sandbox.TaskFile("tasks.json",
            T("base", "acme/one", "echo base"),
            T("api-auth", "acme/two", "echo auth", "base"),
            T("web-ui", "acme/three", "touch ran"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--filter", "api-*", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = _sandbox.LatestReport()["tasks"]!.AsArray().Select(task => (string)task!["id"]!).ToList();
        Assert.Equal(["base", "api-auth"], ids);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/three/ran")));
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_runs_nothing()
    {
        _sandbox.TaskFile("tasks.json", T("first", "acme/one", "touch ran"), T("second", "acme/two", "touch ran", "first"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("token-gov — 2 tasks, 4 workers\nExecution plan (dry-run):\n1. [P1] first — Task first\n", result.Stdout);
        Assert.Contains("2. [P1] second — Task second (after first)", result.Stdout);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/ran")));
        Assert.False(Directory.Exists(_sandbox.StateDir));
    }

    [Fact]
    public async Task Report_holds_states_times_tokens_and_attempts_and_sarif_flags_failures()
    {
        _sandbox.TaskFile("tasks.json", T("ok", "acme/one", "echo fine"), T("bad", "acme/two", "exit 2"), T("after", "acme/three", "true", "bad"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var report = _sandbox.LatestReport();
        Assert.Equal("failed", (string?)report["state"]);
        Assert.Equal(1, (int)report["exit_code"]!);
        Assert.True(DateTimeOffset.TryParse((string)report["started_at"]!, out _));
        Assert.True((long)report["duration_ms"]! >= 0);
        foreach (var kind in new[] { "input", "output", "cache_creation", "cache_read", "reasoning", "total" })
        {
            Assert.Equal(0, (long)report["tokens"]![kind]!);
        }

        var ok = Sandbox.Task(report, "ok");
        var attempt = ok["attempts"]!.AsArray().Single()!;
        Assert.Equal("script", (string?)attempt["runner"]);
        Assert.Equal("completed", (string?)attempt["outcome"]);
        var outputDir = (string)attempt["output_dir"]!;
        Assert.Equal("fine\n", File.ReadAllText(Path.Combine(outputDir, "output.log")));
        Assert.Equal("fine", File.ReadAllText(Path.Combine(outputDir, "final.txt")));
        Assert.False(File.Exists(Path.Combine(outputDir, "stderr.log")));
        Assert.Equal(0m, (decimal)ok["cost_usd"]!);

        var runDir = (string)report["run_dir"]!;
        var sarif = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "report.sarif")))!;
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        var results = sarif["runs"]![0]!["results"]!.AsArray();
        Assert.Contains(results, r => (string?)r!["level"] == "error" && ((string)r["message"]!["text"]!).StartsWith("bad", StringComparison.Ordinal));
        Assert.Contains(results, r => (string?)r!["level"] == "warning" && ((string)r["message"]!["text"]!).StartsWith("after", StringComparison.Ordinal));
        Assert.Equal(2, results.Count);
    }
}
