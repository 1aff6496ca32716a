using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Governance.ClaudeAgentSandbox;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>
/// The scheduler: paused and waiting tasks resume when budget frees — here a 5-hour window rolls over under a
/// running <c>run --resume</c>, the clock moved forward through TOKEN_GOV_CLOCK_FILE — by tier, then priority, each
/// continuing its agent's own session.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SchedulerResumeTests : IDisposable
{
    private readonly ClaudeAgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async System.Threading.Tasks.Task Register(string name, string tier) =>
        await _sandbox.OkAsync("register", "--name", name, "--owner", "alice", "--tier", tier, "--budget", "1000", "--window", "5h");

    private async System.Threading.Tasks.Task<JsonArray> QueueAsync() => (await _sandbox.JsonAsync("scheduler", "status"))["tasks"]!.AsArray();

    [Fact]
    public async System.Threading.Tasks.Task Paused_tasks_resume_by_themselves_when_the_5_hour_window_rolls_over_in_tier_then_priority_order_with_their_sessions()
    {
        await Register("high", "1");
        await Register("low", "2");
        foreach (var repo in new[] { "acme/h1", "acme/h2", "acme/l1" })
        {
            _sandbox.Repo(repo);
        }

        // h1 and l1 spend their project's budget and are asked to checkpoint; h2 then waits for high's budget.
        _sandbox.Script("h1", "--turns", "15", "--usage-per-turn", "100,0", "--turn-delay", "50", "--resume-turns", "1");
        _sandbox.Script("l1", "--turns", "15", "--usage-per-turn", "100,0", "--turn-delay", "50", "--resume-turns", "1");
        _sandbox.Script("h2", "--turns", "1", "--usage-per-turn", "100,0");
        _sandbox.WriteTasks(
            Task("h1", "acme/h1", "high", priority: 1),
            Task("h2", "acme/h2", "high", priority: 2, estimate: 200),
            Task("l1", "acme/l1", "low", priority: 1));

        using var run = _sandbox.StartRun("--resume", "--workers", "1");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonArray queue;
        while ((queue = await QueueAsync()).Count < 3 || queue.Any(entry => (string?)entry!["id"] != "h2" && (string?)entry["state"] != "paused"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the tasks never all waited: {queue.ToJsonString()}\n{run.StderrSoFar}");
            await System.Threading.Tasks.Task.Delay(200);
        }

        // The queue is in resume order, and nothing has room before the window rolls over.
        Assert.Equal(["h1", "h2", "l1"], queue.Select(entry => (string?)entry!["id"]));
        Assert.All(queue, entry => Assert.False((bool)entry!["has_room"]!));
        Assert.NotNull(queue[0]!["resumes_at"]);
        var sessions = queue.ToDictionary(entry => (string)entry!["id"]!, entry => (string?)entry!["session_id"]);
        Assert.NotNull(sessions["h1"]);
        Assert.NotNull(sessions["l1"]);

        _sandbox.SetClock(_sandbox.Epoch.AddHours(6));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = _sandbox.LatestReport();
        foreach (var id in new[] { "h1", "h2", "l1" })
        {
            Assert.Equal("completed", (string?)Sandbox.Task(report, id)["state"]);
        }

        // After the roll-over they started in tier, then priority order; h1 and l1 continued their own sessions.
        var resumedStarts = _sandbox.Starts.Where(line => line.Contains("--resume", StringComparison.Ordinal) || line.StartsWith("h2:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["h1", "h2", "l1"], resumedStarts.Select(line => line.Split(':')[0]));
        Assert.Contains($"--resume {sessions["h1"]}", resumedStarts[0], StringComparison.Ordinal);
        Assert.Contains($"--resume {sessions["l1"]}", resumedStarts[2], StringComparison.Ordinal);
        var h1Agents = await _sandbox.WithStore(store => store.ListAgentsAsync("h1", CancellationToken.None));
        Assert.Equal(2, h1Agents.Count);
        Assert.Equal(h1Agents[0].SessionId, h1Agents[1].SessionId);
        Assert.Empty(await QueueAsync());
    }
}
