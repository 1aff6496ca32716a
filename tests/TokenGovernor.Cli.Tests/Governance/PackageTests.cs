namespace TokenGovernor.Cli.Tests.Governance;

public sealed class PackageTests : IDisposable
{
    private readonly GovernanceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_package_is_added_listed_by_priority_and_shown_with_its_tasks()
    {
        await _sandbox.JsonAsync("register", "--name", "checkout", "--owner", "alice", "--budget", "100000");
        await _sandbox.JsonAsync("package", "add", "--project", "checkout", "--name", "later", "--priority", "1");
        var added = await _sandbox.JsonAsync("package", "add", "--project", "checkout", "--name", "payments", "--budget", "50000",
            "--priority", "5", "--deadline", "2025-12-16");
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--package", "payments", "--id", "refunds", "--title", "Refunds");

        var list = await _sandbox.JsonAsync("package", "list", "--project", "checkout");
        var show = await _sandbox.JsonAsync("package", "show", "payments");

        Assert.Equal(50_000, (long)added["budget"]!["tokens"]!);
        Assert.Equal(new DateTimeOffset(2025, 12, 16, 0, 0, 0, TimeSpan.Zero), added["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["payments", "later"], list.AsArray().Select(package => (string?)package!["name"]));
        Assert.Equal(["refunds"], show["tasks"]!.AsArray().Select(task => (string?)task));
    }

    [Fact]
    public async Task A_package_budget_above_its_projects_is_refused()
    {
        await _sandbox.JsonAsync("register", "--name", "checkout", "--owner", "alice", "--budget", "2000000", "--budget-usd", "50");

        var tokens = await _sandbox.FailsAsync("package", "add", "--project", "checkout", "--name", "big", "--budget", "3000000");
        var usd = await _sandbox.FailsAsync("package", "add", "--project", "checkout", "--name", "big", "--budget-usd", "60");

        Assert.Contains("budget: 3,000,000 tokens is above the budget of project \"checkout\" (2,000,000 tokens)", tokens);
        Assert.Contains("budget-usd: $60 is above the budget of project \"checkout\" ($50)", usd);
        Assert.Empty((await _sandbox.JsonAsync("package", "list")).AsArray());
    }

    [Fact]
    public async Task Bad_package_input_is_a_usage_error_naming_the_field()
    {
        await _sandbox.JsonAsync("register", "--name", "checkout", "--owner", "alice", "--budget", "1000");
        await _sandbox.JsonAsync("package", "add", "--project", "checkout", "--name", "payments");

        Assert.Contains("project: no project \"ghost\"", await _sandbox.FailsAsync("package", "add", "--project", "ghost", "--name", "x"));
        Assert.Contains("budget: -1 is not a budget", await _sandbox.FailsAsync("package", "add", "--project", "checkout", "--name", "x", "--budget", "-1"));
        Assert.Contains("deadline: \"someday\" is not a date", await _sandbox.FailsAsync("package", "add", "--project", "checkout", "--name", "x", "--deadline", "someday"));
        Assert.Contains("already has a package named 'payments'", await _sandbox.FailsAsync("package", "add", "--project", "checkout", "--name", "payments"));
        Assert.Contains("package: no package \"ghost\"", await _sandbox.FailsAsync("package", "show", "ghost"));
    }
}
