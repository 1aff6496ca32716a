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
    public void Bad_lines_are_located_across_read_chunks_and_appended_text()
    {
        // 3 MB of lines without usage, so the file is read in several chunks; bad usage lines before, between and after.
        var filler = Enumerable.Repeat("""{"type":"user","message":{"role":"user","content":"a line without token counts, long enough to fill the chunks"}}""", 30_000).ToList();
        var bad = """{"message":{"usage":{"input_tokens":1}},"timestamp":"2025-10-01T10:00:00.000Z"}""";
        string[] lines = [bad, .. filler, bad, .. filler, "", Line("m1", "r1", 5), bad, ""];
        var log = Load(lines);
        Assert.Equal([1L, 30_002L, 60_005L], log.Problems.Select(problem => problem.Line));
        Assert.Single(log.InPathOrder());

        // The same lines as appended text, in two pieces: the second piece's lines go on from the first's count.
        var live = new LiveClaudeLog([_root], new UsageQuery());
        Assert.Equal([1L, 30_002L, 60_005L], live.Refresh().Problems.Select(problem => problem.Line));
        File.AppendAllText(Path.Combine(_root, "projects", "proj", "s1.jsonl"), string.Join("\n", filler.Take(10)) + "\n" + bad + "\n");
        Assert.Equal([1L, 30_002L, 60_005L, 60_016L], live.Refresh().Problems.Select(problem => problem.Line));
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

    [Fact]
    public void Merging_while_reading_gives_the_same_entries_as_merging_at_the_end()
    {
        // 40 files, each repeating messages of the files before it with other output counts (resumed sessions),
        // so duplicates cross files in both directions of the "larger total wins" rule.
        for (var f = 0; f < 40; f++)
        {
            var folder = Path.Combine(_root, "projects", $"proj{f % 3}");
            Directory.CreateDirectory(folder);
            var lines = Enumerable.Range(0, 30).Select(m => Line($"m{(f * 7) + m}", $"r{(f * 7) + m}", ((f * 31) + (m * 17)) % 97, $"2025-10-{1 + (f % 20):00}T10:{m:00}:00.000Z"));
            File.WriteAllText(Path.Combine(folder, $"s{f:00}.jsonl"), string.Join("\n", lines));
        }

        var atTheEnd = ClaudeUsageLog.Load([_root], new UsageQuery()).InPathOrder();
        var whileReading = ClaudeUsageLog.LoadInPathOrder([_root], new UsageQuery()).InPathOrder();

        Assert.True(atTheEnd.Count < 40 * 30, "the files share messages");
        Assert.Equal(atTheEnd, whileReading);
    }

    [Fact]
    public void The_key_index_finds_every_key_after_growing()
    {
        var index = new KeyIndex(4);
        var keys = Enumerable.Range(0, 5000).Select(i => DedupKey.Of(System.Text.Encoding.UTF8.GetBytes($"msg_{i}:req_{i}"))).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(-1, index.Find(keys[i]));
            index.Add(keys[i], i);
        }

        Assert.Equal(5000, index.Count);
        Assert.All(Enumerable.Range(0, keys.Count), i => Assert.Equal(i, index.Find(keys[i])));
        Assert.Equal(-1, index.Find(DedupKey.Of("msg_x:req_x"u8)));
        Assert.NotEqual(DedupKey.Of("a:bc"u8), DedupKey.Of("ab:c"u8));
    }

    [Fact]
    public void A_cleared_key_index_forgets_every_key_and_takes_new_ones_in_their_slots()
    {
        var index = new KeyIndex(8);
        var keys = Enumerable.Range(0, 300).Select(i => DedupKey.Of(System.Text.Encoding.UTF8.GetBytes($"msg_{i}"))).ToList();
        for (var round = 0; round < 5; round++)
        {
            // Each round keeps a different part of the keys, with values that differ per round, after a clear.
            var kept = keys.Where((_, i) => i % 5 != round).ToList();
            foreach (var (key, i) in kept.Select((key, i) => (key, i)))
            {
                Assert.Equal(-1, index.Find(key));
                index.Add(key, (round * 1000) + i);
            }

            Assert.Equal(kept.Count, index.Count);
            Assert.All(kept.Select((key, i) => (key, i)), pair => Assert.Equal((round * 1000) + pair.i, index.Find(pair.key)));
            Assert.All(keys.Where((_, i) => i % 5 == round), key => Assert.Equal(-1, index.Find(key)));
            index.Clear();
            Assert.Equal(0, index.Count);
            Assert.All(keys, key => Assert.Equal(-1, index.Find(key)));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
