using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary>token-gov usage --agent codex against <c>ccusage codex</c> 19.0.3 on the same generated Codex logs, and --agent all.</summary>
[Collection(CcusageCollection.Name)]
public sealed class CodexParityTests(CcusageFixture fixture)
{
    [Theory]
    [InlineData("daily")]
    [InlineData("monthly")]
    [InlineData("session")]
    [InlineData("daily", "--timezone", "Asia/Tokyo")]
    [InlineData("monthly", "--since", "20250910", "--until", "20251005")]
    public async Task Codex_report_equals_ccusage_codex_19_field_by_field(string report, params string[] options)
    {
        var args = options.Contains("--timezone") ? options : [.. options, "--timezone", "UTC"];
        var expected = UsageParityTests.Parse(fixture.CcusageCodex(fixture.CodexLogs, [report, .. args, "--offline", "--json"]), "ccusage");
        var actual = UsageParityTests.Parse(await Usage(new() { ["CODEX_HOME"] = fixture.CodexLogs }, [report, "--agent", "codex", .. args]), "token-gov");

        UsageParityTests.AssertSame(expected, actual, "$");
    }

    [Fact]
    public async Task Token_counts_re_emitted_with_an_unchanged_total_count_once_where_ccusage_counts_them_again()
    {
        // Deliberate difference: ccusage 19.0.3 adds a re-emitted token_count's last_token_usage again.
        var clean = UsageParityTests.Parse(fixture.CcusageCodex(fixture.CodexLogs, ["daily", "--timezone", "UTC", "--offline", "--json"]), "ccusage")!;
        var ccusage = UsageParityTests.Parse(fixture.CcusageCodex(fixture.CodexReemitLogs, ["daily", "--timezone", "UTC", "--offline", "--json"]), "ccusage")!;
        var ours = UsageParityTests.Parse(await Usage(new() { ["CODEX_HOME"] = fixture.CodexReemitLogs }, ["daily", "--agent", "codex", "--timezone", "UTC"]), "token-gov")!;

        UsageParityTests.AssertSame(clean["totals"], ours["totals"], "$.totals");
        Assert.True((long)ccusage["totals"]!["totalTokens"]! > (long)ours["totals"]!["totalTokens"]!);
    }

    [Fact]
    public async Task Agent_all_merges_claude_and_codex_per_day_with_token_kinds_that_add_up()
    {
        var environment = new Dictionary<string, string?> { ["CODEX_HOME"] = fixture.CodexLogs, ["CLAUDE_CONFIG_DIR"] = fixture.Logs };
        var claude = UsageParityTests.Parse(await Usage(environment, ["daily", "--timezone", "UTC"]), "claude")!["totals"]!;
        var codex = UsageParityTests.Parse(await Usage(environment, ["daily", "--agent", "codex", "--timezone", "UTC"]), "codex")!["totals"]!;
        var all = UsageParityTests.Parse(await Usage(environment, ["daily", "--agent", "all", "--timezone", "UTC"]), "all")!;

        var totals = all["totals"]!;
        Assert.Equal((long)claude["totalTokens"]! + (long)codex["totalTokens"]!, (long)totals["totalTokens"]!);
        Assert.Equal((long)claude["cacheReadTokens"]! + (long)codex["cachedInputTokens"]!, (long)totals["cacheReadTokens"]!);
        Assert.Equal((long)claude["inputTokens"]! + (long)codex["inputTokens"]! - (long)codex["cachedInputTokens"]!, (long)totals["inputTokens"]!);
        Assert.Equal((double)claude["totalCost"]! + (double)codex["costUSD"]!, (double)totals["totalCost"]!, 6);
        foreach (var row in all["daily"]!.AsArray())
        {
            Assert.Equal("all", (string)row!["agent"]!);
            Assert.Equal((long)row["totalTokens"]!, (long)row["inputTokens"]! + (long)row["outputTokens"]! + (long)row["cacheCreationTokens"]! + (long)row["cacheReadTokens"]!);
        }

        Assert.Contains(all["daily"]!.AsArray(), row => row!["metadata"]!["agents"]!.AsArray().Count == 2);
    }

    [Fact]
    public async Task Weekly_and_blocks_refuse_codex_logs_with_a_reason()
    {
        var result = await Usage(new() { ["CODEX_HOME"] = fixture.CodexLogs }, ["blocks", "--agent", "codex"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Claude Code logs only", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> Usage(Dictionary<string, string?> environment, string[] args)
    {
        environment["TZ"] = "UTC";
        using var running = TokenGov.Start(fixture.Root, environment, ["usage", .. args, "--offline", "--json"]);
        var result = await running.WaitAsync(TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
