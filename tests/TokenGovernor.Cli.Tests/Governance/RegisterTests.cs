namespace TokenGovernor.Cli.Tests.Governance;

public sealed class RegisterTests : IDisposable
{
    private const string Id = "3f2b8c1e-6d4a-4f7e-9a51-0c2d7e8b9a10";
    private readonly GovernanceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Register_records_the_project_with_its_budget_window_and_zone()
    {
        var result = await _sandbox.RunAsync("register", "--id", Id, "--name", "checkout", "--budget", "2000000", "--budget-usd", "50",
            "--tier", "1", "--owner", "alice", "--window", "daily", "--timezone", "Europe/Paris");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"registered project checkout ({Id})", result.Stdout);
        var project = (await _sandbox.JsonAsync("project", "show", "checkout"))["project"]!;
        Assert.Equal(Id, (string?)project["id"]);
        Assert.Equal("alice", (string?)project["owner"]);
        Assert.Equal(1, (int)project["tier"]!);
        Assert.Equal(2_000_000, (long)project["budget"]!["tokens"]!);
        Assert.Equal(50m, (decimal)project["budget"]!["usd"]!);
        Assert.Equal("daily", (string?)project["budget"]!["window"]);
        Assert.Equal("Europe/Paris", (string?)project["budget"]!["time_zone"]);
        Assert.Equal("all", (string?)project["budget"]!["counted"]);
    }

    [Fact]
    public async Task Register_without_an_id_generates_a_uuid_and_defaults_to_tier_2_over_all_time()
    {
        var project = await _sandbox.JsonAsync("register", "--name", "docs", "--owner", "bob", "--budget", "1000");

        Assert.True(Guid.TryParse((string?)project["id"], out _));
        Assert.Equal(2, (int)project["tier"]!);
        Assert.Equal("total", (string?)project["budget"]!["window"]);
    }

    [Fact]
    public async Task A_duplicate_name_or_id_is_refused_with_exit_code_2()
    {
        await _sandbox.JsonAsync("register", "--id", Id, "--name", "checkout", "--owner", "alice", "--budget", "1000");

        var sameName = await _sandbox.FailsAsync("register", "--name", "checkout", "--owner", "bob", "--budget", "5");
        var sameId = await _sandbox.FailsAsync("register", "--id", Id, "--name", "other", "--owner", "bob", "--budget", "5");

        Assert.Contains("name: a project named \"checkout\" is already registered", sameName);
        Assert.Contains($"id: a project with id {Id} is already registered", sameId);
        Assert.Single((await _sandbox.JsonAsync("project", "list")).AsArray());
    }

    [Theory]
    [InlineData("--budget", "-5", "budget: -5 is not a budget")]
    [InlineData("--budget-usd", "-1", "budget-usd: -1 is not a budget")]
    [InlineData("--window", "fortnightly", "window: \"fortnightly\" is not a budget window")]
    [InlineData("--timezone", "Mars/Olympus", "timezone: \"Mars/Olympus\" is not a known time zone")]
    [InlineData("--tier", "3", "tier: 3 is not a tier")]
    [InlineData("--id", "not-a-uuid", "id: \"not-a-uuid\" is not a UUID")]
    [InlineData("--count", "input,bogus", "count: \"input,bogus\" is not a list of token kinds")]
    public async Task Bad_input_is_refused_naming_the_field(string option, string value, string message)
    {
        string[] args = ["register", "--name", "p", "--owner", "o", "--budget", "1000"];
        string[] withBad = option == "--budget" ? ["register", "--name", "p", "--owner", "o", "--budget", value] : [.. args, option, value];

        var error = await _sandbox.FailsAsync(withBad);

        Assert.Contains(message, error);
        Assert.Empty((await _sandbox.JsonAsync("project", "list")).AsArray());
    }

    [Fact]
    public async Task A_project_needs_a_token_or_dollar_budget()
    {
        var error = await _sandbox.FailsAsync("register", "--name", "p", "--owner", "o");

        Assert.Contains("budget: give a token budget (--budget), a USD budget (--budget-usd) or both", error);
    }
}
