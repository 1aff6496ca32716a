using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Agents;

/// <summary>
/// <c>token-gov run</c> moving a task down its runner cascade: fake agent CLIs on PATH that hit a rate limit, or exit 0
/// having done nothing, and the runner after them that does the work.
/// </summary>
public sealed class CascadeRunTests : IDisposable
{
    private readonly AgentCliSandbox _agents = new();

    public void Dispose() => _agents.Dispose();

    [Fact]
    public async Task A_rate_limited_first_runner_falls_through_to_the_next_and_stays_blocked_for_a_later_run()
    {
        _agents.FakeAgent("codex", "--codex-json", "--rate-limit");
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        WriteTasks("tasks.json", ("hello", "codex", ["gemini"]));

        var first = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("[via gemini] tried codex→gemini", first.Stdout, StringComparison.Ordinal);
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal("gemini", (string?)task["runner"]);
        Assert.Equal("codex→gemini", (string?)task["tried"]);
        var attempts = task["attempts"]!.AsArray();
        Assert.Equal(["rate-limited", "completed"], attempts.Select(attempt => (string?)attempt!["outcome"]));
        Assert.Equal(2, attempts.Select(attempt => (string?)attempt!["output_dir"]).Distinct().Count(Directory.Exists));
        Assert.Equal("hello from the dummy\n", File.ReadAllText(_agents.RepoFile("hello.txt")));

        // Codex gave no reset time: it stays blocked for the default hour, for other processes and later runs.
        var blocked = JsonNode.Parse((await _agents.RunAsync("graylist", "list", "--json")).Stdout)!["blocked"]!.AsArray();
        var block = Assert.Single(blocked)!;
        Assert.Equal("codex", (string?)block["runner"]);
        Assert.True(DateTimeOffset.Parse((string)block["blocked_until"]!, null) > DateTimeOffset.UtcNow.AddMinutes(50));

        File.Delete(Path.Combine(_agents.Sandbox.Root, "codex.args"));
        WriteTasks("later.json", ("later", "codex", ["gemini"]));
        var second = await _agents.RunAsync("run", "later.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(File.Exists(Path.Combine(_agents.Sandbox.Root, "codex.args")), "the blocked runner was started again");
        var later = Sandbox.Task(_agents.Sandbox.LatestReport(), "later");
        Assert.Equal("completed", (string?)later["state"]);
        Assert.Equal("gemini", (string?)Assert.Single(later["attempts"]!.AsArray())!["runner"]);
    }

    [Fact]
    public async Task Rate_limit_block_in_the_settings_sets_how_long_a_runner_without_a_reset_time_is_blocked()
    {
        _agents.FakeAgent("codex", "--codex-json", "--rate-limit");
        _agents.FakeAgent("gemini", "--gemini-json");
        _agents.Sandbox.WriteFile(".token-gov.yml", "rate_limit_block: 10m\n");
        WriteTasks("tasks.json", ("hello", "codex", ["gemini"]));
        var before = DateTimeOffset.UtcNow;

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var block = Assert.Single(JsonNode.Parse((await _agents.RunAsync("graylist", "list", "--json")).Stdout)!["blocked"]!.AsArray())!;
        var until = DateTimeOffset.Parse((string)block["blocked_until"]!, null);
        Assert.InRange(until, before.AddMinutes(10).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
    }

    [Fact]
    public async Task A_task_whose_runners_are_all_rate_limited_ends_rate_limited_and_the_run_exits_4()
    {
        _agents.FakeAgent("codex", "--codex-json", "--rate-limit");
        _agents.FakeAgent("opencode", "--opencode-json", "--rate-limit");
        WriteTasks("tasks.json", ("hello", "codex", ["opencode"]));

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 4, result.ToString());
        var report = _agents.Sandbox.LatestReport();
        Assert.Equal("rate-limited", (string?)report["state"]);
        var task = Sandbox.Task(report, "hello");
        Assert.Equal("rate-limited", (string?)task["state"]);
        Assert.Equal("codex→opencode", (string?)task["tried"]);
        Assert.StartsWith("every runner rate-limited: codex rate-limited until ", (string?)task["reason"], StringComparison.Ordinal);
        Assert.Contains("RATE-LIMITED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tried codex→opencode", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("via", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runner_that_exits_0_having_done_nothing_is_graylisted_and_the_next_runner_does_the_task()
    {
        _agents.Executable("codex", $"#!/bin/sh\ntouch {Quote(Path.Combine(_agents.Sandbox.Root, "codex.ran"))}\nexit 0\n");
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        WriteTasks("tasks.json", ("hello", "codex", ["gemini"]));
        GitInit(_agents.Sandbox.Repo("acme/web"));

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(_agents.Sandbox.Root, "codex.ran")));
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal("codex→gemini", (string?)task["tried"]);
        Assert.Contains("no change in the repo", (string?)task["attempts"]![0]!["reason"], StringComparison.Ordinal);
        var entry = Assert.Single(JsonNode.Parse((await _agents.RunAsync("graylist", "list", "--json")).Stdout)!["graylist"]!.AsArray())!;
        Assert.Equal("codex", (string?)entry["runner"]);
        Assert.Equal("auto", (string?)entry["source"]);

        // Graylisted, it is passed over from now on.
        File.Delete(Path.Combine(_agents.Sandbox.Root, "codex.ran"));
        WriteTasks("later.json", ("later", "codex", ["gemini"]));
        var second = await _agents.RunAsync("run", "later.json", "--repos-dir", "repos", "--tui", "off");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(File.Exists(Path.Combine(_agents.Sandbox.Root, "codex.ran")), "the graylisted runner was started again");
    }

    [Fact]
    public async Task A_free_runner_is_used_only_with_allow_free()
    {
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        WriteTasks("tasks.json", ("hello", "cheap", []), runners: new JsonObject { ["cheap"] = new JsonObject { ["type"] = "gemini", ["free"] = true } });

        var refused = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal("cheap passed over: free tier (pass --allow-free to use it)", (string?)Sandbox.Task(_agents.Sandbox.LatestReport(), "hello")["reason"]);
        Assert.False(File.Exists(_agents.RepoFile("hello.txt")));

        var allowed = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off", "--retry", "--allow-free");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("completed", (string?)Sandbox.Task(_agents.Sandbox.LatestReport(), "hello")["state"]);
    }

    [Fact]
    public async Task Rerun_keeps_allow_free()
    {
        // Gemini's quota error says "retry in 1s": the block ends a second later.
        _agents.FakeAgent("gemini", "--gemini-json", "--rate-limit");
        WriteTasks("tasks.json", ("hello", "cheap", []), runners: new JsonObject { ["cheap"] = new JsonObject { ["type"] = "gemini", ["free"] = true } });
        var first = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off", "--allow-free");
        Assert.True(first.ExitCode == 4, first.ToString());
        var runDir = (string)_agents.Sandbox.LatestReport()["run_dir"]!;
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var rerun = await _agents.RunAsync("rerun", "--run-dir", runDir, "--tui", "off");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal("completed", (string?)Sandbox.Task(_agents.Sandbox.LatestReport(), "hello")["state"]);
    }

    [Fact]
    public async Task Server_errors_are_retried_on_the_same_runner_with_backoff_before_the_next_one_takes_over()
    {
        var calls = Path.Combine(_agents.Sandbox.Root, "codex.calls");
        _agents.Executable("codex", $$$"""
            #!/bin/sh
            date +%s%N >> {{{Quote(calls)}}}
            echo '{"type":"thread.started","thread_id":"t-503"}'
            echo '{"type":"error","message":"unexpected status 503 Service Unavailable: the server is overloaded"}'
            echo '{"type":"turn.failed","error":{"message":"unexpected status 503 Service Unavailable: the server is overloaded"}}'
            exit 1

            """);
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        _agents.Sandbox.WriteFile(".token-gov.yml", "retry_backoff: 300ms\n");
        WriteTasks("tasks.json", ("hello", "codex", ["gemini"]));

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        var starts = File.ReadAllLines(calls).Select(long.Parse).ToList();
        Assert.Equal(3, starts.Count);
        // 300 ms before the first retry, twice that before the second.
        Assert.True(starts[1] - starts[0] >= 300_000_000, $"first retry after {(starts[1] - starts[0]) / 1_000_000} ms");
        Assert.True(starts[2] - starts[1] >= 600_000_000, $"second retry after {(starts[2] - starts[1]) / 1_000_000} ms");
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal(["codex", "codex", "codex", "gemini"], task["attempts"]!.AsArray().Select(attempt => (string?)attempt!["runner"]));
        Assert.Equal("codex→gemini", (string?)task["tried"]);
        Assert.Empty(JsonNode.Parse((await _agents.RunAsync("graylist", "list", "--json")).Stdout)!["blocked"]!.AsArray());
    }

    [Fact]
    public async Task A_complex_task_skips_runners_below_tier_1()
    {
        _agents.FakeAgent("codex", "--codex-json", "--write", "codex.txt");
        _agents.FakeAgent("gemini", "--gemini-json", "--write", "hello.txt");
        var runners = new JsonObject
        {
            ["small"] = new JsonObject { ["type"] = "codex", ["tier"] = 3 },
            ["big"] = new JsonObject { ["type"] = "gemini", ["tier"] = 1 },
        };
        WriteTasks("tasks.json", ("hello", "small", ["big"]), runners, difficulty: "complex");

        var result = await _agents.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(_agents.RepoFile("codex.txt")));
        var task = Sandbox.Task(_agents.Sandbox.LatestReport(), "hello");
        Assert.Equal("big", (string?)Assert.Single(task["attempts"]!.AsArray())!["runner"]);
    }

    private void WriteTasks(string file, (string Id, string Runner, string[] Fallbacks) task, JsonObject? runners = null, string? difficulty = null)
    {
        _agents.Sandbox.Repo("acme/web");
        var json = new JsonObject
        {
            ["id"] = task.Id, ["repo"] = "acme/web", ["priority"] = 1, ["title"] = "Say hello", ["prompt"] = "create hello.txt",
            ["runner"] = task.Runner, ["fallbacks"] = new JsonArray([.. task.Fallbacks.Select(name => (JsonNode)name!)]),
        };
        if (difficulty is not null)
        {
            json["difficulty"] = difficulty;
        }

        var root = new JsonObject { ["tasks"] = new JsonArray(json) };
        if (runners is not null)
        {
            root["runners"] = runners;
        }

        _agents.Sandbox.WriteFile(file, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void GitInit(string repo)
    {
        Git(repo, "init", "--quiet");
        File.WriteAllText(Path.Combine(repo, "README.md"), "web\n");
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "start");
    }

    private static void Git(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
