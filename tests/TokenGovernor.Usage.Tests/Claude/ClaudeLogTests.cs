using TokenGovernor.Usage.Claude;

namespace TokenGovernor.Usage.Tests.Claude;

public sealed class ClaudeLogTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "token-gov-usage-" + Guid.NewGuid().ToString("N")[..8]);

    private static string Line(string id, string request, int output, string timestamp = "2025-10-01T10:00:00.000Z", string extraUsage = "") =>
        $$$"""{"sessionId":"s1","version":"2.0.31","message":{"model":"claude-sonnet-4-5-20250929","id":"{{{id}}}","role":"assistant","content":[{"type":"text","text":"hi"}],"usage":{"input_tokens":10,"output_tokens":{{{output}}}{{{extraUsage}}}}},"requestId":"{{{request}}}","type":"assistant","timestamp":"{{{timestamp}}}"}""";

    private ClaudeUsageLog Load(params string[] lines)
    {
        var folder = Path.Combine(_root, "projects", "proj");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "s1.jsonl"), string.Join("\n", lines));
        return ClaudeUsageLog.Load([_root], new UsageQuery());
    }

    [Fact]
    public void The_duplicate_with_the_larger_token_total_wins_as_in_ccusage_19()
    {
        var entries = Load(Line("m1", "r1", 3), Line("m1", "r1", 250), Line("m1", "r1", 7)).InPathOrder();
        Assert.Equal(250, Assert.Single(entries).Tokens.Output);
    }

    [Fact]
    public void On_a_tie_the_entry_with_usage_speed_wins()
    {
        var entries = Load(Line("m1", "r1", 5), Line("m1", "r1", 5, extraUsage: ",\"speed\":\"fast\"")).InPathOrder();
        Assert.Equal("claude-sonnet-4-5-20250929-fast", Assert.Single(entries).Model);
    }

    [Fact]
    public void Malformed_lines_are_skipped_counted_and_located()
    {
        var log = Load(Line("m1", "r1", 5), """{"message":{"usage":{"input_tokens":1""", Line("m2", "r2", 5, timestamp: "2025-10-01T10:00:00+00:00"), "", Line("m3", "r3", 5));
        Assert.Equal(2, log.InPathOrder().Count);
        Assert.Equal(2, log.BadLines);
        Assert.Equal([2L, 3L], log.Problems.Select(problem => problem.Line));
    }

    [Fact]
    public void An_explicit_null_in_an_optional_field_drops_the_line()
    {
        var log = Load(Line("m1", "r1", 5).Replace("\"sessionId\":\"s1\"", "\"sessionId\":null", StringComparison.Ordinal));
        Assert.Empty(log.InPathOrder());
        Assert.Equal(1, log.BadLines);
    }

    [Fact]
    public void A_config_dir_without_projects_is_an_error_not_a_fallback()
    {
        Directory.CreateDirectory(_root);
        var error = Assert.Throws<Core.TokenGovException>(() => ClaudeDataDirs.Find(name => name == "CLAUDE_CONFIG_DIR" ? _root : null));
        Assert.Contains("CLAUDE_CONFIG_DIR", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
