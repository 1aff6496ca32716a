using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary>token-gov usage against ccusage 19.0.3 (pinned, run with bun) on the same generated logs, field by field.</summary>
[Collection(CcusageCollection.Name)]
public sealed class UsageParityTests(CcusageFixture fixture)
{
    [Theory]
    [InlineData("daily")]
    [InlineData("weekly")]
    [InlineData("monthly")]
    [InlineData("session")]
    [InlineData("blocks")]
    [InlineData("daily", "--instances")]
    [InlineData("daily", "--order", "desc", "--timezone", "Asia/Tokyo")]
    [InlineData("weekly", "--start-of-week", "monday", "--since", "20250910", "--until", "20251015")]
    [InlineData("monthly", "--mode", "calculate")]
    [InlineData("session", "--timezone", "America/New_York")]
    [InlineData("blocks", "--session-length", "3", "--order", "desc")]
    public async Task Report_equals_ccusage_19_field_by_field(string report, params string[] options)
    {
        var args = options.Contains("--timezone") ? options : [.. options, "--timezone", "UTC"];
        var expected = Parse(fixture.Ccusage(fixture.Logs, [report, .. args, "--offline", "--json"]), "ccusage");
        var actual = Parse(await TokenGovUsage(fixture.Logs, [report, .. args]), "token-gov");

        AssertSame(expected, actual, "$");
    }

    [Fact]
    public async Task One_hour_cache_writes_cost_more_than_ccusage_19_prices_them_and_tokens_stay_equal()
    {
        // Deliberate difference: ccusage 19.0.3 prices every cache write at the 5-minute rate; token-gov prices
        // usage.cache_creation.ephemeral_1h_input_tokens at the 1-hour rate, as Anthropic bills them.
        var expected = Parse(fixture.Ccusage(fixture.OneHourLogs, ["daily", "--timezone", "UTC", "--offline", "--json"]), "ccusage")!;
        var actual = Parse(await TokenGovUsage(fixture.OneHourLogs, ["daily", "--timezone", "UTC"]), "token-gov")!;

        foreach (var field in new[] { "inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "totalTokens" })
        {
            Assert.Equal((long)expected["totals"]![field]!, (long)actual["totals"]![field]!);
        }

        Assert.True((double)actual["totals"]!["totalCost"]! > (double)expected["totals"]!["totalCost"]!);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> TokenGovUsage(string dataDir, string[] args)
    {
        using var running = TokenGov.Start(fixture.Root, new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = dataDir, ["TZ"] = "UTC" },
            ["usage", .. args, "--offline", "--json"]);
        var result = await running.WaitAsync(TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    internal static JsonNode? Parse((int ExitCode, string Stdout, string Stderr) run, string who)
    {
        Assert.True(run.ExitCode == 0, $"{who} failed ({run.ExitCode}):\n{run.Stderr}");
        return JsonNode.Parse(run.Stdout);
    }

    /// <summary>Same shape, same keys in the same order, same strings, numbers equal to the last printed digit.</summary>
    internal static void AssertSame(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual);
                Assert.True(expectedObject.Select(p => p.Key).SequenceEqual(actualObject.Select(p => p.Key)),
                    $"{path}: keys differ: ccusage [{string.Join(", ", expectedObject.Select(p => p.Key))}], token-gov [{string.Join(", ", actualObject.Select(p => p.Key))}]");
                foreach (var (key, value) in expectedObject)
                {
                    AssertSame(value, actualObject[key], $"{path}.{key}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: {expectedArray.Count} items in ccusage, {actualArray.Count} in token-gov");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertSame(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(expected.ToJsonString() == actual?.ToJsonString(), $"{path}: ccusage {expected.ToJsonString()}, token-gov {actual?.ToJsonString()}");
                break;
        }
    }
}
