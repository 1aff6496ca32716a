using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

/// <summary>The store remembers what finished: later runs skip it, --retry and rerun run failures again.</summary>
public sealed class RunStateTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public RunStateTests()
    {
        // "flaky" fails until the file "fixed" exists; each task counts its executions.
        _sandbox.TaskFile("tasks.json",
            T("steady", "acme/one", "echo x >> runs.log"),
            T("flaky", "acme/two", "echo x >> runs.log; test -f fixed"),
            T("after-flaky", "acme/three", "echo x >> runs.log", "flaky"));
    }

    public void Dispose() => _sandbox.Dispose();

    private int Executions(string repo) =>
        File.Exists(Path.Combine(_sandbox.ReposDir, repo, "runs.log")) ? File.ReadAllLines(Path.Combine(_sandbox.ReposDir, repo, "runs.log")).Length : 0;

    private void Fix() => File.WriteAllText(Path.Combine(_sandbox.ReposDir, "acme/two/fixed"), "");

    private Task<CliResult> Run(params string[] extra) =>
        _sandbox.RunAsync(["run", "tasks.json", "--repos-dir", "repos", "--tui", "off", .. extra]);

    [Fact]
    public async Task A_second_run_skips_completed_and_failed_tasks()
    {
        Assert.Equal(1, (await Run()).ExitCode);

        var second = await Run();

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(1, Executions("acme/one"));
        Assert.Equal(1, Executions("acme/two"));
        var report = _sandbox.LatestReport();
        Assert.StartsWith("already completed in run ", (string)Sandbox.Task(report, "steady")["reason"]!);
        Assert.Contains("pass --retry", (string)Sandbox.Task(report, "flaky")["reason"]!);
        Assert.Equal("skipped", (string?)Sandbox.Task(report, "after-flaky")["state"]);
    }

    [Fact]
    public async Task Retry_runs_failed_tasks_again_but_not_completed_ones()
    {
        Assert.Equal(1, (await Run()).ExitCode);
        Fix();

        var retried = await Run("--retry");

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(1, Executions("acme/one"));
        Assert.Equal(2, Executions("acme/two"));
        Assert.Equal(1, Executions("acme/three"));
        Assert.Equal("completed", (string?)Sandbox.Task(_sandbox.LatestReport(), "after-flaky")["state"]);
    }

    [Fact]
    public async Task Rerun_runs_only_the_failed_and_skipped_tasks_of_a_run()
    {
        Assert.Equal(1, (await Run()).ExitCode);
        var firstRun = Directory.GetDirectories(Path.Combine(_sandbox.StateDir, "runs")).Single();
        Fix();

        var rerun = await _sandbox.RunAsync("rerun", "--run-dir", firstRun, "--tui", "off");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("rerunning 2 task(s): flaky, after-flaky", rerun.Stderr);
        Assert.Equal(1, Executions("acme/one"));
        Assert.Equal(2, Executions("acme/two"));
        Assert.Equal(1, Executions("acme/three"));
        var report = _sandbox.LatestReport();
        Assert.Equal(["flaky", "after-flaky"], report["tasks"]!.AsArray().Select(task => (string)task!["id"]!));
        Assert.All(report["tasks"]!.AsArray(), task => Assert.Equal("completed", (string?)task!["state"]));
    }

    [Fact]
    public async Task State_list_reset_and_clear_manage_what_later_runs_skip()
    {
        await Run();

        var list = await _sandbox.RunAsync("state", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("\"task\": \"flaky\"", list.Stdout);
        Assert.Contains("\"state\": \"failed\"", list.Stdout);

        var reset = await _sandbox.RunAsync("state", "reset", "flaky");
        Assert.Equal(0, reset.ExitCode);
        Fix();
        Assert.Equal(0, (await Run()).ExitCode);
        Assert.Equal(2, Executions("acme/two"));
        Assert.Equal(1, Executions("acme/one"));

        var unknown = await _sandbox.RunAsync("state", "reset", "no-such-task");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no state recorded for task \"no-such-task\"", unknown.Stderr);

        var clear = await _sandbox.RunAsync("state", "clear");
        Assert.Equal(0, clear.ExitCode);
        Assert.Contains("cleared 3 task state(s)", clear.Stdout);
        await Run();
        Assert.Equal(2, Executions("acme/one"));
    }

    [Fact]
    public async Task Status_shows_the_latest_run_from_the_store()
    {
        await Run();

        var text = await _sandbox.RunAsync("status");
        var json = await _sandbox.RunAsync("status", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Total: 3 Completed: 1 Failed: 1 Skipped: 1", text.Stdout);
        Assert.Contains("✗ FAILED       flaky", text.Stdout);
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"state\": \"failed\"", json.Stdout);
    }

    [Fact]
    public async Task Two_runs_started_in_the_same_second_get_different_ids()
    {
        var both = await Task.WhenAll(Run(), _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off", "--filter", "steady"));

        Assert.All(both, result => Assert.NotEqual(2, result.ExitCode));
        var runs = Directory.GetDirectories(Path.Combine(_sandbox.StateDir, "runs"));
        Assert.Equal(2, runs.Length);
        Assert.All(runs, run => Assert.True(File.Exists(Path.Combine(run, "report.json"))));
    }
}
