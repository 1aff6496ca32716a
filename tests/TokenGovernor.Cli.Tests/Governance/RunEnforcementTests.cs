using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>
/// `run` enforces budgets on governed tasks: scripts report their usage with `::token-gov usage` lines, the governor
/// meters each into the ledger, requests a checkpoint at the threshold, stops or pauses at the limit, and admits a
/// task only when its estimate fits.
/// </summary>
public sealed class RunEnforcementTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>A script that reports <paramref name="count"/> usage increments of <paramref name="tokens"/> input tokens, <paramref name="pause"/> seconds apart.</summary>
    private static string Spend(int count, int tokens, string pause, string before = "", string after = "") =>
        $"{before}i=0; while [ $i -lt {count} ]; do echo '::token-gov usage input={tokens} output=0 model=claude-sonnet-4-5'; i=$((i+1)); sleep {pause}; done; {after}true";

    private void WriteTasks(params JsonObject[] tasks)
    {
        foreach (var task in tasks)
        {
            _sandbox.Repo((string)task["repo"]!);
            task["title"] ??= $"Task {(string?)task["id"]}";
        }

        var file = new JsonObject { ["default_runner"] = "script", ["tasks"] = new JsonArray([.. tasks]) };
        _sandbox.WriteFile("tasks.json", file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Task(string id, string repo, int priority, string prompt, long estimate, long? budget = null)
    {
        var task = new JsonObject
        {
            ["id"] = id,
            ["repo"] = repo,
            ["priority"] = priority,
            ["prompt"] = prompt,
            ["project"] = "web",
            ["estimate"] = estimate,
        };
        if (budget is { } tokens)
        {
            task["budget"] = tokens;
        }

        return task;
    }

    private async Task Register(params string[] budget)
    {
        var register = await _sandbox.RunAsync(["register", "--name", "web", "--owner", "alice", .. budget]);
        Assert.True(register.ExitCode == 0, register.ToString());
    }

    private Task<CliResult> Run(int workers = 4) =>
        _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "minimal", "--workers", workers.ToString(CultureInfo.InvariantCulture));

    private async Task<T> WithStore<T>(Func<SqliteGovernorStore, Task<T>> read)
    {
        await using var store = await SqliteGovernorStore.OpenAsync(Path.Combine(_sandbox.StateDir, "governor.db"), TimeProvider.System, CancellationToken.None);
        return await read(store);
    }

    private Task<long> Spent(BudgetScope scope, string id) =>
        WithStore(async store => (await store.SumUsageAsync(scope, id, WindowSpan.Always, CancellationToken.None)).Tokens.Total);

    private async Task<JsonNode> TaskShow(string id)
    {
        var show = await _sandbox.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return JsonNode.Parse(show.Stdout)!["task"]!;
    }

    [Fact]
    public async Task Run_stops_agent_when_task_budget_is_exhausted_after_requesting_a_checkpoint_at_the_threshold()
    {
        await Register("--budget", "100000");
        WriteTasks(Task("refunds", "acme/web", 1, Spend(30, 100, "0.1"), estimate: 500, budget: 1000));

        var run = await Run();

        Assert.True(run.ExitCode == 1, run.ToString());
        var task = Sandbox.Task(_sandbox.LatestReport(), "refunds");
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Equal("task budget of 1,000 tokens exhausted", (string?)task["reason"]);
        Assert.Equal("requested", (string?)task["checkpoint"]);
        Assert.Contains("checkpoint requested: refunds — task budget 90% used", run.Stderr);

        var spent = await Spent(BudgetScope.Task, "refunds");
        Assert.InRange(spent, 1000, 1100);
        Assert.InRange((long)task["tokens"]!["total"]!, 1000, 1100);

        var decisions = await WithStore(store => store.ListDecisionsAsync("refunds", CancellationToken.None));
        var firstRequest = decisions.TakeWhile(decision => decision.Decision == PolicyDecision.Continue).Count();
        Assert.True(firstRequest < decisions.Count, "a checkpoint was never requested");
        Assert.All(decisions.Take(firstRequest), decision => Assert.True(decision.UsedFraction < 0.9));
        Assert.Equal(PolicyDecision.RequestCheckpoint, decisions[firstRequest].Decision);
        Assert.Equal(0.9, decisions[firstRequest].UsedFraction, 6);
        Assert.Equal(PolicyDecision.Stop, decisions.First(decision => decision.Decision != PolicyDecision.Continue && decision.Decision != PolicyDecision.RequestCheckpoint).Decision);

        var shown = await TaskShow("refunds");
        Assert.Equal("requested", (string?)shown["checkpoint"]);
        Assert.Equal("failed", (string?)shown["state"]);
        var agents = await WithStore(store => store.ListAgentsAsync("refunds", CancellationToken.None));
        Assert.NotNull(Assert.Single(agents).EndedAt);
    }

    [Fact]
    public async Task Five_parallel_tasks_sharing_a_project_budget_never_exceed_it_by_more_than_one_increment()
    {
        await Register("--budget", "2000");
        // Staggered by a tenth of a second, so the governor's answer to one task's event lands between the others'.
        WriteTasks([.. Enumerable.Range(1, 5).Select(k =>
            Task($"t{k}", $"acme/r{k}", 1, Spend(40, 50, "0.5", before: $"sleep 0.{k}; "), estimate: 100))]);

        var run = await Run(workers: 5);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.InRange(await Spent(BudgetScope.Project, (await ProjectId())!), 2000, 2050);
        var report = _sandbox.LatestReport();
        foreach (var k in Enumerable.Range(1, 5))
        {
            var task = Sandbox.Task(report, $"t{k}");
            Assert.Equal("failed", (string?)task["state"]);
            Assert.Equal("project budget of 2,000 tokens exhausted", (string?)task["reason"]);
        }
    }

    [Fact]
    public async Task A_task_whose_estimate_does_not_fit_waits_and_starts_when_another_task_returns_its_reservation()
    {
        await Register("--budget", "1000");
        var marks = _sandbox.Root;
        WriteTasks(
            Task("first", "acme/one", 1, Spend(2, 100, "0.3", after: $"sleep 0.5; date +%s%N > {marks}/first.end; "), estimate: 700),
            Task("second", "acme/two", 2, $"date +%s%N > {marks}/second.start; echo '::token-gov usage input=100 output=0'", estimate: 700));

        var run = await Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("WAITING      second", run.Stderr);
        Assert.Contains("waiting for budget: project web has 300 of 1,000 tokens left (total), after spend and reservations; the estimate is 700", run.Stderr);
        var firstEnded = long.Parse(File.ReadAllText(Path.Combine(marks, "first.end")).Trim(), CultureInfo.InvariantCulture);
        var secondStarted = long.Parse(File.ReadAllText(Path.Combine(marks, "second.start")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(secondStarted >= firstEnded, $"second started at {secondStarted}, before first ended at {firstEnded}");
        var report = _sandbox.LatestReport();
        Assert.Equal("completed", (string?)Sandbox.Task(report, "second")["state"]);
        Assert.Equal(300, await Spent(BudgetScope.Project, (await ProjectId())!));
        Assert.Equal(0L, await WithStore(async store => await store.SumReservationsAsync(BudgetScope.Project, (await ProjectId())!, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Run_exits_5_when_work_is_paused_for_budget_and_the_report_says_why_and_when_it_resumes()
    {
        await Register("--budget", "500", "--window", "5h");
        WriteTasks(
            Task("big", "acme/one", 1, Spend(10, 100, "0.1"), estimate: 200),
            Task("next", "acme/two", 2, "echo never", estimate: 400));
        var before = DateTimeOffset.UtcNow;

        var run = await Run();

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("Paused: 2", run.Stdout);
        var report = _sandbox.LatestReport();
        Assert.Equal("paused", (string?)report["state"]);
        Assert.Equal(2, (int)report["summary"]!["paused"]!);

        var big = Sandbox.Task(report, "big");
        Assert.Equal("paused", (string?)big["state"]);
        Assert.StartsWith("project budget exhausted for the 5h window; resumes at ", (string?)big["reason"]);
        var resumesAt = (DateTimeOffset)big["resumes_at"]!;
        Assert.InRange(resumesAt, before.AddHours(5), DateTimeOffset.UtcNow.AddHours(5));

        var next = Sandbox.Task(report, "next");
        Assert.Equal("paused", (string?)next["state"]);
        Assert.StartsWith("budget exhausted: project web has 0 of 500 tokens left (5h)", (string?)next["reason"]);
        Assert.NotNull(next["resumes_at"]);
        Assert.Null(next["started_at"]);

        Assert.InRange(await Spent(BudgetScope.Project, (await ProjectId())!), 500, 600);
        Assert.Equal("paused", (string?)(await TaskShow("big"))["state"]);
        Assert.Equal("paused", (string?)(await TaskShow("next"))["state"]);
    }

    [Fact]
    public async Task A_script_usage_line_is_metered_with_the_price_of_its_model()
    {
        await Register("--budget", "100000");
        WriteTasks(Task("priced", "acme/web", 1, "echo '::token-gov usage input=1000 output=1000 model=claude-sonnet-4-5'; echo '::token-gov usage input=10 output=0 cost=0.5'", estimate: 100));

        var run = await Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        var task = Sandbox.Task(_sandbox.LatestReport(), "priced");
        Assert.Equal("completed", (string?)task["state"]);
        Assert.Equal(2010, (long)task["tokens"]!["total"]!);
        Assert.True((decimal)task["cost_usd"]! > 0.5m, task.ToJsonString());
    }

    private Task<string?> ProjectId() => WithStore(async store => (await store.FindProjectAsync("web", CancellationToken.None))?.Id);
}
