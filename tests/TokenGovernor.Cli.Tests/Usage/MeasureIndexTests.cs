using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary>
/// <c>token-gov measure</c> over its saved index of the log folders, through the real CLI: every change a log tree can
/// go through is still seen, and an unchanged tree is recognised without opening the store.
/// </summary>
public sealed class MeasureIndexTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);
    private readonly string _root = Directory.CreateTempSubdirectory("token-gov-measure-index-").FullName;

    private string Projects => Path.Combine(_root, "claude", "projects");

    private string Demo => Path.Combine(Projects, "demo");

    private string StorePath => Path.Combine(_root, "governor.db");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_unchanged_tree_is_recognised_from_its_index_without_opening_the_store()
    {
        // Claude Code names a session by its file.
        Write(Path.Combine(Demo, "session-1.jsonl"), Line("m1", 1000, 100));
        Write(Path.Combine(Projects, "other", "session-1.jsonl"), Line("m2", 2000, 200));
        Age();
        await Cli("register", "--name", "checkout", "--owner", "alice", "--budget", "100000");
        await Cli("task", "add", "--project", "checkout", "--id", "t-1", "--title", "Fix the parser", "--complexity", "complex", "--runner", "claude");
        await using (var store = await SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None))
        {
            await store.StartAgentAsync(new AgentRecord("a-1", "t-1", "claude", null, null, "session-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        }

        var (first, _) = await Measure();
        var (again, timing) = await Measure();

        Assert.Equal(2, (int)first["filesRead"]!);
        Assert.Equal(2, (int)again["filesSeen"]!);
        Assert.Equal(0, (int)again["filesRead"]!);
        Assert.Equal(0, (long)again["newEvents"]!);
        Assert.Contains("log index read", timing);
        Assert.DoesNotContain("store opened", timing);
        Assert.Equal(first["tasks"]!.ToJsonString(), again["tasks"]!.ToJsonString());
        Assert.Equal(3300, (long)again["tasks"]![0]!["tokens"]!);
    }

    [Fact]
    public async Task A_session_an_agent_reports_after_its_logs_were_measured_is_attributed_by_the_next_measure()
    {
        Write(Path.Combine(Demo, "session-1.jsonl"), Line("m1", 1000, 100));
        Age();
        await Cli("register", "--name", "checkout", "--owner", "alice", "--budget", "100000");
        await Cli("task", "add", "--project", "checkout", "--id", "t-1", "--title", "Fix the parser", "--complexity", "complex", "--runner", "claude");
        var (before, _) = await Measure();
        var (unchanged, _) = await Measure();
        await using (var store = await SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None))
        {
            await store.StartAgentAsync(new AgentRecord("a-1", "t-1", "claude", null, null, "session-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        }

        var (reported, _) = await Measure();
        var (again, timing) = await Measure();

        Assert.Empty(before["tasks"]!.AsArray());
        Assert.Empty(unchanged["tasks"]!.AsArray());
        Assert.Equal(0, (int)reported["filesRead"]!);
        Assert.Equal(1, (long)reported["attributed"]!);
        Assert.Equal(1100, (long)reported["tasks"]![0]!["tokens"]!);
        Assert.Equal(1100, (long)again["tasks"]![0]!["tokens"]!);
        Assert.DoesNotContain("store opened", timing);
    }

    [Fact]
    public async Task After_the_index_is_saved_appended_truncated_replaced_new_and_deleted_files_are_all_handled()
    {
        Write(Path.Combine(Demo, "a.jsonl"), Line("m1", 1000, 100));
        Write(Path.Combine(Demo, "b.jsonl"), Line("m2", 2000, 200), Line("m3", 3000, 300));
        Write(Path.Combine(Demo, "c.jsonl"), Line("m4", 4000, 400));
        Age();
        var (indexed, _) = await Measure();

        File.AppendAllText(Path.Combine(Demo, "a.jsonl"), Line("m5", 5000, 500));
        var (appended, _) = await Measure();
        Write(Path.Combine(Demo, "b.jsonl"), Line("m2", 2000, 200));
        var (truncated, _) = await Measure();
        Write(Path.Combine(Demo, "c.new"), Line("m4", 4000, 400), Line("m6", 6000, 600));
        File.Move(Path.Combine(Demo, "c.new"), Path.Combine(Demo, "c.jsonl"), overwrite: true);
        var (replaced, _) = await Measure();
        Write(Path.Combine(Demo, "d.jsonl"), Line("m7", 7000, 700));
        File.Delete(Path.Combine(Demo, "a.jsonl"));
        var (added, _) = await Measure();
        var (unchanged, _) = await Measure();

        Assert.Equal((3, 3, 4L), Counts(indexed));
        Assert.Equal((3, 1, 1L), Counts(appended));
        Assert.Equal(5500, (long)appended["tokens"]!);
        Assert.Equal((3, 1, 0L), Counts(truncated));
        Assert.Equal((3, 1, 1L), Counts(replaced));
        Assert.Equal(6600, (long)replaced["tokens"]!);
        Assert.Equal((3, 1, 1L), Counts(added));
        Assert.Equal(7700, (long)added["tokens"]!);
        Assert.Equal((3, 0, 0L), Counts(unchanged));
        Assert.Equal(7L, await Scalar("SELECT COUNT(*) FROM log_usage"));
    }

    [Fact]
    public async Task A_file_added_within_the_same_clock_tick_as_the_last_listing_is_still_found()
    {
        // File systems stamp a folder's time with a coarse clock: a file added right after a listing can leave the
        // folder's time as it was. A recent folder time is therefore not trusted, and the folder is read again.
        Write(Path.Combine(Demo, "a.jsonl"), Line("m1", 1000, 100));
        Directory.SetLastWriteTimeUtc(Projects, LongAgo);
        var tick = DateTime.UtcNow.AddSeconds(-1);
        Directory.SetLastWriteTimeUtc(Demo, tick);
        await Measure();
        Write(Path.Combine(Demo, "b.jsonl"), Line("m2", 2000, 200));
        Directory.SetLastWriteTimeUtc(Demo, tick);

        var (measured, _) = await Measure();

        Assert.Equal((2, 1, 1L), Counts(measured));
    }

    [Fact]
    public async Task A_tree_with_a_linked_folder_is_listed_in_full_and_its_files_counted_once()
    {
        Write(Path.Combine(Demo, "a.jsonl"), Line("m1", 1000, 100));
        var elsewhere = Path.Combine(_root, "elsewhere");
        Write(Path.Combine(elsewhere, "b.jsonl"), Line("m2", 2000, 200));
        Directory.CreateSymbolicLink(Path.Combine(Projects, "linked"), elsewhere);
        Age();

        var (first, _) = await Measure();
        var (again, _) = await Measure();
        File.AppendAllText(Path.Combine(elsewhere, "b.jsonl"), Line("m3", 3000, 300));
        var (grown, _) = await Measure();

        Assert.Equal((2, 2, 2L), Counts(first));
        Assert.Equal((2, 0, 0L), Counts(again));
        Assert.Equal((2, 1, 1L), Counts(grown));
        Assert.Equal(0L, await Scalar("SELECT COUNT(*) FROM log_index"));
    }

    [Fact]
    public async Task Codex_session_files_are_checked_through_the_index_too()
    {
        var session = Path.Combine(_root, "codex", "sessions", "2025", "09", "01", "rollout-2025-09-01T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl");
        Write(session, CodexContext(), CodexTokens(1, 1000, 100), CodexTokens(2, 3000, 300));
        Age();

        var (first, _) = await Measure("--agent", "codex");
        File.AppendAllText(session, CodexTokens(3, 6000, 600));
        var (grown, _) = await Measure("--agent", "codex");
        var (again, timing) = await Measure("--agent", "codex");

        Assert.Equal((1, 1, 2L), Counts(first));
        Assert.Equal((1, 1, 1L), Counts(grown));
        Assert.Equal(3300, (long)grown["tokens"]!);
        Assert.Equal((1, 0, 0L), Counts(again));
        Assert.DoesNotContain("store opened", timing);
    }

    [Fact]
    public async Task A_store_from_before_the_index_is_migrated_and_nothing_is_read_again()
    {
        Write(Path.Combine(Demo, "a.jsonl"), Line("m1", 1000, 100), Line("m2", 2000, 200));
        Age();
        await Measure();
        await Scalar("DROP TABLE log_index; DELETE FROM schema_migrations WHERE version = 13");

        var (upgraded, upgradeTiming) = await Measure();
        var (again, timing) = await Measure();

        Assert.Equal((1, 0, 0L), Counts(upgraded));
        Assert.Contains("store opened", upgradeTiming);
        Assert.Equal(1L, await Scalar("SELECT COUNT(*) FROM log_index"));
        Assert.Equal((1, 0, 0L), Counts(again));
        Assert.DoesNotContain("store opened", timing);
    }

    [Fact]
    public async Task Measure_keeps_its_options_and_errors_on_its_own_command_line()
    {
        var bad = await TokenGov.RunAsync(_root, "measure", "--agent", "gemini", "--store", StorePath);
        var help = await TokenGov.RunAsync(_root, "measure", "--help");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("gemini", bad.Stderr);
        Assert.Contains("Run 'token-gov --help' for usage.", bad.Stderr);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--agent", help.Stdout);
        Assert.Contains("--pricing", help.Stdout);
        Assert.False(File.Exists(StorePath));
    }

    /// <summary>Files seen, files read and new calls.</summary>
    private static (int Seen, int Read, long New) Counts(JsonNode report) => ((int)report["filesSeen"]!, (int)report["filesRead"]!, (long)report["newEvents"]!);

    /// <summary>Makes every folder's time an hour old, so the index trusts it (a recent folder time is always read again).</summary>
    private void Age()
    {
        foreach (var folder in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories).Prepend(_root))
        {
            Directory.SetLastWriteTimeUtc(folder, LongAgo);
        }
    }

    private async Task<(JsonNode Report, string Timing)> Measure(params string[] args)
    {
        var result = await Run(["measure", .. args]);
        return (JsonNode.Parse(result.Stdout)!, result.Stderr);
    }

    private async Task Cli(params string[] args) => await Run(args);

    private async Task<CliResult> Run(string[] args)
    {
        using var running = TokenGov.Start(
            _root,
            new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = Path.Combine(_root, "claude"), ["CODEX_HOME"] = Path.Combine(_root, "codex"), ["TOKEN_GOV_TIMING"] = "1" },
            [.. args, "--store", StorePath, "--json"]);
        var result = await running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static void Write(string path, params string[] lines) => MeasureTests.Write(path, lines);

    private static string Line(string id, int input, int output) => MeasureTests.Line(id, input, output);

    private static string CodexContext() =>
        "{\"timestamp\":\"2025-09-01T10:00:00.000Z\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5\"}}\n";

    /// <summary>A token_count line with the running total after <paramref name="minute"/> minutes.</summary>
    private static string CodexTokens(int minute, int input, int output) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{{\"timestamp\":\"2025-09-01T10:{minute:00}:00.000Z\",\"type\":\"event_msg\",\"payload\":{{\"type\":\"token_count\",\"info\":{{\"total_token_usage\":{{\"input_tokens\":{input},\"cached_input_tokens\":0,\"output_tokens\":{output},\"reasoning_output_tokens\":0,\"total_tokens\":{input + output}}}}}}}}}\n");
}
