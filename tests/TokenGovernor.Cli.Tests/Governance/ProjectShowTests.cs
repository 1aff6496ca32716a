using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

public sealed class ProjectShowTests : IDisposable
{
    private readonly GovernanceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async Task<string> RegisterAsync(params string[] extra)
    {
        var project = await _sandbox.JsonAsync(["register", "--name", "checkout", "--owner", "alice", "--budget", "10000", "--budget-usd", "20", .. extra]);
        return (string)project["id"]!;
    }

    private async Task SpendAsync(string projectId, DateTimeOffset at, long input, long cacheRead, decimal cost)
    {
        await using var store = await _sandbox.OpenStoreAsync();
        await store.AppendUsageAsync(
            new UsageEventRecord(Guid.NewGuid().ToString(), at, projectId, null, null, null, "claude-sonnet-4", new TokenUsage(input, 0, 0, cacheRead, 0), cost, UsageSource.Stream),
            CancellationToken.None);
    }

    [Fact]
    public async Task Show_counts_only_the_spend_inside_the_rolling_window()
    {
        var id = await RegisterAsync("--window", "5h");
        await SpendAsync(id, _sandbox.Now.AddHours(-6), 5000, 0, 5m);
        await SpendAsync(id, _sandbox.Now.AddHours(-4), 2000, 1000, 1.5m);
        await SpendAsync(id, _sandbox.Now.AddMinutes(-1), 1500, 0, 0.5m);

        var show = await _sandbox.JsonAsync("project", "show", "checkout");

        var status = show["status"]!;
        Assert.Equal(_sandbox.Now.AddHours(-5), status["window_start"]!.GetValue<DateTimeOffset>());
        Assert.Null(status["window_end"]);
        Assert.Equal(4500, (long)status["spent"]!["tokens"]!);
        Assert.Equal(2m, (decimal)status["spent"]!["usd"]!);
        Assert.Equal(2, (int)status["spent"]!["events"]!);
        Assert.Equal(5500, (long)status["remaining"]!["tokens"]!);
        Assert.Equal(18m, (decimal)status["remaining"]!["usd"]!);
        Assert.Equal(45.0, (double)status["percent_used"]!);
    }

    [Fact]
    public async Task Show_prints_the_daily_window_in_the_projects_zone_with_spend_remaining_and_percent()
    {
        // 23:30 UTC on Monday 2 June is already Tuesday in Paris.
        _sandbox.Now = new DateTimeOffset(2025, 6, 2, 23, 30, 0, TimeSpan.Zero);
        var id = await RegisterAsync("--window", "daily", "--timezone", "Europe/Paris");
        await SpendAsync(id, new DateTimeOffset(2025, 6, 2, 21, 59, 0, TimeSpan.Zero), 9000, 0, 1m);
        await SpendAsync(id, new DateTimeOffset(2025, 6, 2, 22, 0, 0, TimeSpan.Zero), 2500, 0, 1m);

        var result = await _sandbox.RunAsync("project", "show", "checkout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("window    2025-06-03 00:00 Europe/Paris → 2025-06-04 00:00 Europe/Paris", result.Stdout);
        Assert.Contains("spent     2,500 tokens, $1.00 in 1 event(s)", result.Stdout);
        Assert.Contains("remaining 7,500 tokens, $19.00", result.Stdout);
        Assert.Contains("used      25%", result.Stdout);
    }

    [Fact]
    public async Task Only_the_counted_token_kinds_are_spent_against_the_budget()
    {
        var id = await RegisterAsync("--count", "input,output");
        await SpendAsync(id, _sandbox.Now, 1000, 50_000, 0.1m);

        var status = (await _sandbox.JsonAsync("project", "show", id))["status"]!;

        Assert.Equal(1000, (long)status["spent"]!["tokens"]!);
        Assert.Equal(50_000, (long)status["spent"]!["by_kind"]!["cache_read"]!);
    }

    [Fact]
    public async Task Set_budget_raises_the_limit_and_changes_the_window()
    {
        var id = await RegisterAsync();
        await SpendAsync(id, _sandbox.Now.AddDays(-3), 8000, 0, 0m);

        var raised = await _sandbox.JsonAsync("project", "set-budget", "checkout", "--budget", "20000", "--window", "weekly");

        Assert.Equal(20_000, (long)raised["project"]!["budget"]!["tokens"]!);
        Assert.Null(raised["project"]!["budget"]!["usd"]);
        Assert.Equal("weekly", (string?)raised["project"]!["budget"]!["window"]);
        // The week began on Monday 2 June; the spend of 30 May is in last week.
        Assert.Equal(20_000, (long)raised["status"]!["remaining"]!["tokens"]!);
    }

    [Fact]
    public async Task List_shows_every_project_and_an_unknown_project_is_a_usage_error()
    {
        await RegisterAsync();

        var list = await _sandbox.RunAsync("project", "list");
        var unknown = await _sandbox.FailsAsync("project", "show", "nope");
        var badBudget = await _sandbox.FailsAsync("project", "set-budget", "checkout", "--budget", "0");

        Assert.Contains("checkout", list.Stdout);
        Assert.Contains("project: no project \"nope\"", unknown);
        Assert.Contains("budget: 0 is not a budget", badBudget);
    }
}
