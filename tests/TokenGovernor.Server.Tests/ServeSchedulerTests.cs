using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Server.Tests.Infrastructure;
using static TokenGovernor.Server.Tests.Infrastructure.WorkSandbox;

namespace TokenGovernor.Server.Tests;

/// <summary>
/// The scheduler inside a real <c>token-gov serve</c>: paused work resumes by itself when its budget has room again —
/// a limit raised from another process, a 5-hour window rolling over on the test clock, work an earlier
/// <c>token-gov run</c> left paused — and stopping serve leaves nothing running.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServeSchedulerTests : IDisposable
{
    private readonly WorkSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_task_paused_over_budget_resumes_to_completion_once_set_budget_from_another_process_raises_the_limit()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "500", "--window", "daily");
        _sandbox.WriteTasks("tasks.json", Task("big", "acme/one", Spend(20, 50), project: "web", estimate: 200));
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync();
        using var feed = await EventFeed.OpenAsync(served.Address, key);
        using var http = Client(served, key);

        var id = (string)(await SubmitAsync(http, "tasks.json"))["id"]!;
        var paused = await WaitForRunAsync(http, id, run => TaskState(run, "big") == "paused", TimeSpan.FromSeconds(60), () => served.Stderr);
        var queue = JsonNode.Parse(await _sandbox.OkAsync("scheduler", "status", "--json"))!["tasks"]!.AsArray();
        Assert.Equal("running", (string?)paused["state"]);
        Assert.Equal(("big", "paused", false), ((string?)queue.Single()!["id"], (string?)queue.Single()!["state"], (bool)queue.Single()!["has_room"]!));

        await _sandbox.OkAsync("project", "set-budget", "web", "--budget", "100000");
        var done = await WaitForRunAsync(http, id, run => (string?)run["state"] is "completed" or "failed", TimeSpan.FromSeconds(60), () => served.Stderr);

        Assert.Equal(("completed", 0), ((string?)done["state"], (int?)done["exit_code"]));
        Assert.Equal("completed", TaskState(done, "big"));
        Assert.Contains("no paused or waiting tasks", await _sandbox.OkAsync("scheduler", "status"), StringComparison.Ordinal);
        var states = feed.StatesOf("big");
        Assert.True(states.IndexOf("paused") >= 0 && states.LastIndexOf("completed") > states.IndexOf("paused"), string.Join(", ", states));
        Assert.Contains(feed.Events, item => item.Type == "paused" && (string?)item.Data["task"] == "big");
        Assert.Contains(feed.Events, item => item.Type == "checkpoint-requested" && (string?)item.Data["task"] == "big");
        var decisions = feed.Events.Where(item => item.Type == "decision" && (string?)item.Data["task"] == "big").Select(item => (string)item.Data["data"]!["decision"]!).ToList();
        Assert.Equal(["continue", "request-checkpoint", "pause"], decisions.Distinct().Take(3));
        Assert.Equal(decisions.Count, feed.Events.Count(item => item.Type == "usage" && (string?)item.Data["task"] == "big"));
        Assert.All(feed.Events.Where(item => item.Type == "usage"), item => Assert.Equal(50, (long)item.Data["data"]!["input"]!));
    }

    [Fact]
    public async Task A_paused_task_resumes_when_the_5_hour_window_rolls_over_on_the_moving_test_clock()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "500", "--window", "5h");
        // The first start spends past the window's budget; started again, the agent has one increment left to do.
        var marker = Path.Combine(_sandbox.Root, "started");
        _sandbox.WriteTasks("tasks.json", Task("big", "acme/one", $"if [ -f {marker} ]; then {Spend(1, 100)}; else touch {marker}; {Spend(10, 100)}; fi", project: "web", estimate: 200));
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync();
        using var http = Client(served, key);

        var id = (string)(await SubmitAsync(http, "tasks.json"))["id"]!;
        await WaitForRunAsync(http, id, run => TaskState(run, "big") == "paused", TimeSpan.FromSeconds(60), () => served.Stderr);
        await System.Threading.Tasks.Task.Delay(2500);
        Assert.Equal("paused", TaskState((await http.GetFromJsonAsync<JsonObject>($"/runs/{id}"))!, "big"));

        _sandbox.SetClock(_sandbox.Epoch.AddHours(6));
        var done = await WaitForRunAsync(http, id, run => (string?)run["state"] is "completed" or "failed", TimeSpan.FromSeconds(60), () => served.Stderr);

        Assert.Equal("completed", TaskState(done, "big"));
        Assert.Equal(0, (int?)done["exit_code"]);
    }

    [Fact]
    public async Task Work_an_earlier_run_left_paused_is_resumed_by_serve_once_its_budget_has_room()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "500", "--window", "daily");
        _sandbox.WriteTasks("tasks.json",
            Task("big", "acme/one", Spend(10, 100), project: "web", estimate: 200),
            Task("after", "acme/two", "echo after", project: "web", estimate: 10, dependsOn: "big"));
        var (exit, _, stderr) = await _sandbox.CliAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");
        Assert.True(exit == 5, stderr);
        Assert.Equal("paused", (string?)JsonNode.Parse(await _sandbox.OkAsync("task", "show", "big", "--json"))!["task"]!["state"]);

        await _sandbox.OkAsync("project", "set-budget", "web", "--budget", "100000");
        var key = await _sandbox.KeyAsync("admin");
        await using var served = await _sandbox.ServeAsync();
        using var http = Client(served, key);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject? resumed = null;
        while (resumed is null || (string?)resumed["state"] != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{resumed?.ToJsonString()}\n{served.Stderr}");
            await System.Threading.Tasks.Task.Delay(250);
            resumed = (await http.GetFromJsonAsync<JsonArray>("/runs"))!.SingleOrDefault()?.AsObject();
        }

        Assert.Equal("scheduler", (string?)resumed["origin"]);
        Assert.Equal(("completed", "completed"), (TaskState(resumed, "big"), TaskState(resumed, "after")));
        Assert.Contains("scheduler resumed big", served.Stderr, StringComparison.Ordinal);
        Assert.Equal("completed", (string?)JsonNode.Parse(await _sandbox.OkAsync("task", "show", "big", "--json"))!["task"]!["state"]);
    }

    [Fact]
    public async Task Work_a_killed_run_left_waiting_for_budget_is_taken_over_by_serve_once_its_reservations_come_back()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "ops", "--budget", "1000", "--window", "daily");
        var started = Path.Combine(_sandbox.Root, "started");
        var release = Path.Combine(_sandbox.Root, "release");
        // "first" holds 800 of the 1,000 while it runs (the first time until released), so "second" waits for budget.
        _sandbox.WriteTasks("tasks.json",
            Task("first", "acme/one", $"if [ -f {started} ]; then echo again; else touch {started}; i=0; while [ ! -f {release} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; fi", project: "web", estimate: 800),
            Task("second", "acme/two", "echo second", project: "web", estimate: 800));
        try
        {
            using (var run = _sandbox.StartCli("run", "tasks.json", "--repos-dir", "repos", "--tui", "off", "--resume"))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await TaskStateAsync("second") != "waiting")
                {
                    Assert.True(DateTime.UtcNow < deadline && !run.HasExited, $"second never waited\n{run.StdoutSoFar}\n{run.StderrSoFar}");
                    await System.Threading.Tasks.Task.Delay(200);
                }

                Process.Start("kill", ["-KILL", run.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            var key = await _sandbox.KeyAsync("admin");
            await using var served = await _sandbox.ServeAsync();
            var until = DateTime.UtcNow.AddSeconds(90);
            while (await TaskStateAsync("second") != "completed" || await TaskStateAsync("first") != "completed")
            {
                Assert.True(DateTime.UtcNow < until, $"first {await TaskStateAsync("first")}, second {await TaskStateAsync("second")}\n{served.Stderr}");
                await System.Threading.Tasks.Task.Delay(250);
            }

            Assert.Contains("scheduler resumed second", served.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            // The killed run's agent is not stopped by anyone: let it end.
            File.WriteAllText(release, "");
        }
    }

    /// <summary>The task's state in the store; null until a run has registered it.</summary>
    private async Task<string?> TaskStateAsync(string id)
    {
        var (exit, stdout, _) = await _sandbox.CliAsync("task", "show", id, "--json");
        return exit == 0 ? (string?)JsonNode.Parse(stdout)!["task"]!["state"] : null;
    }

    [Fact]
    public async Task Sigterm_stops_the_agents_leaves_nothing_running_and_a_restarted_serve_finishes_the_run()
    {
        var marks = _sandbox.Root;
        var prompt = $"if [ -f {marks}/again ]; then echo finished; else touch {marks}/again; echo $$ > {marks}/agent.pid; sleep 300 & echo $! > {marks}/child.pid; wait; fi";
        _sandbox.WriteTasks("tasks.json", Task("long", "acme/one", prompt));
        var key = await _sandbox.KeyAsync("admin");
        string id;
        await using (var served = await _sandbox.ServeAsync())
        {
            using var http = Client(served, key);
            id = (string)(await SubmitAsync(http, "tasks.json"))["id"]!;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(Path.Combine(marks, "child.pid")) || File.ReadAllText(Path.Combine(marks, "child.pid")).Trim().Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, served.Stderr);
                await System.Threading.Tasks.Task.Delay(100);
            }

            Assert.Equal(0, await served.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        foreach (var pid in new[] { "agent.pid", "child.pid" }.Select(file => int.Parse(File.ReadAllText(Path.Combine(marks, file)).Trim(), System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"process {pid} outlived serve");
        }

        var (stopped, results) = await _sandbox.WithStoreAsync(async store =>
        {
            var submission = (await store.GetSubmissionAsync(id, CancellationToken.None))!;
            return (submission, await store.GetTaskResultsAsync(submission.RunId!, CancellationToken.None));
        });

        await using (var again = await _sandbox.ServeAsync())
        {
            using var http = Client(again, key);
            var done = await WaitForRunAsync(http, id, run => (string?)run["state"] is "completed" or "failed", TimeSpan.FromSeconds(60), () => again.Stderr);
            Assert.Equal(("completed", "completed"), ((string?)done["state"], TaskState(done, "long")));
        }

        Assert.Equal("interrupted", stopped.State);
        Assert.Equal(("cancelled", "interrupted by SIGTERM"), (results.Single().State.ToString().ToLowerInvariant(), results.Single().Reason));
    }
}
