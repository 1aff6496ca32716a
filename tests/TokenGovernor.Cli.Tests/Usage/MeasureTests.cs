using System.Globalization;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary><c>token-gov measure</c> through the real CLI: incremental ingestion, no double counting, attribution to tasks.</summary>
public sealed class MeasureTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("token-gov-measure-").FullName;

    private string Log => Path.Combine(_root, "claude", "projects", "demo", "session-1.jsonl");

    private string StorePath => Path.Combine(_root, "governor.db");

    [Fact]
    public async Task Measure_counts_only_the_line_appended_since_the_last_measure()
    {
        Write(Log, Line("m1", 1000, 100), Line("m2", 2000, 200));
        var first = await Measure();
        File.AppendAllText(Log, Line("m3", 3000, 300));
        var second = await Measure();
        var third = await Measure();

        Assert.Equal(2, (long)first["newEvents"]!);
        Assert.Equal(3300, (long)first["tokens"]!);
        Assert.Equal(1, (long)second["newEvents"]!);
        Assert.Equal(3300, (long)second["tokens"]!);
        Assert.Equal(0, (int)third["filesRead"]!);
        Assert.Equal(0, (long)third["newEvents"]!);
    }

    [Fact]
    public async Task A_replaced_or_truncated_log_is_read_again_without_counting_a_call_twice()
    {
        Write(Log, Line("m1", 1000, 100), Line("m2", 2000, 200));
        await Measure();

        var replacement = Log + ".new";
        Write(replacement, Line("m1", 1000, 100), Line("m2", 2000, 200), Line("m3", 3000, 300));
        File.Move(replacement, Log, overwrite: true);
        var replaced = await Measure();
        Write(Log, Line("m1", 1000, 100));
        var truncated = await Measure();

        Assert.Equal(1, (int)replaced["filesRead"]!);
        Assert.Equal(1, (long)replaced["newEvents"]!);
        Assert.Equal(3300, (long)replaced["tokens"]!);
        Assert.Equal(1, (int)truncated["filesRead"]!);
        Assert.Equal(0, (long)truncated["newEvents"]!);
    }

    [Fact]
    public async Task A_later_line_with_the_full_output_count_grows_the_call_instead_of_adding_one()
    {
        Write(Log, Line("m1", 1000, 10));
        await Measure();
        File.AppendAllText(Log, Line("m1", 1000, 400));
        var grown = await Measure();

        Assert.Equal(0, (long)grown["newEvents"]!);
        Assert.Equal(1, (long)grown["updatedEvents"]!);
        Assert.Equal(390, (long)grown["tokens"]!);
    }

    [Fact]
    public async Task A_session_is_attributed_to_the_task_whose_agent_reported_its_id()
    {
        Write(Log, Line("m1", 1000, 100));
        await Cli("register", "--name", "checkout", "--owner", "alice", "--budget", "100000");
        await Cli("task", "add", "--project", "checkout", "--id", "t-1", "--title", "Fix the parser", "--complexity", "complex", "--runner", "claude");
        await using (var store = await SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None))
        {
            await store.StartAgentAsync(new AgentRecord("a-1", "t-1", "claude", null, null, "session-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        }

        var measured = await Measure();

        var task = Assert.Single(measured["tasks"]!.AsArray())!;
        Assert.Equal("t-1", (string)task["taskId"]!);
        Assert.Equal("a-1", (string)task["agentId"]!);
        Assert.Equal(1100, (long)task["tokens"]!);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<JsonNode> Measure() => Cli("measure");

    private async Task<JsonNode> Cli(params string[] args)
    {
        using var running = TokenGov.Start(_root, new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = Path.Combine(_root, "claude"), ["CODEX_HOME"] = Path.Combine(_root, "codex") },
            [.. args, "--store", StorePath, "--json"]);
        var result = await running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Writes a log file of the given lines, creating its folder.</summary>
    internal static void Write(string path, params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Concat(lines));
    }

    /// <summary>One Claude Code assistant line of session-1 with message id <paramref name="id"/> and its usage.</summary>
    internal static string Line(string id, int input, int output) =>
        "{\"timestamp\":\"2025-09-01T10:00:00.000Z\",\"sessionId\":\"session-1\",\"requestId\":\"req-" + id + "\",\"message\":{\"id\":\"" + id
        + "\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":" + input.ToString(CultureInfo.InvariantCulture)
        + ",\"output_tokens\":" + output.ToString(CultureInfo.InvariantCulture) + "}}}\n";
}
