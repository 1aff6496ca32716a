using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>Claude Code 2.1.197 (tools/agents) against the simulator, offline in a loopback-only namespace.</summary>
[Collection(AgentCliCollection.Name)]
public sealed class ClaudeCodeTests : IDisposable
{
    private readonly IsolatedRun _run = new();

    private static Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = IsolatedRun.SimulatorUrl,
            ["ANTHROPIC_API_KEY"] = "sk-sim",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    [AgentCliFact]
    public async Task Claude_writes_the_file_and_its_stream_result_and_session_log_usage_equal_what_was_served()
    {
        var run = await _run.RunAsync(Scenarios.Write, Environment(), null, "claude",
            "-p", "create hello.txt", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_run.Repo, "hello.txt")));
        Assert.Contains("?? hello.txt", _run.Git("status", "--short"));
        Assert.Equal(2, run.Served.Count);
        Assert.Equal((3200, 92, 9500, 200), (run.ServedTotal("input_tokens"), run.ServedTotal("output_tokens"), run.ServedTotal("cache_read_input_tokens"), run.ServedTotal("cache_creation_input_tokens")));

        var events = run.StdoutJson.ToList();
        var sessionId = (string)events.First(e => (string?)e["subtype"] == "init")["session_id"]!;
        // Assistant events repeat a message once per content block, with the usage as of message_start (output 1).
        var messages = events.Where(e => (string?)e["type"] == "assistant").GroupBy(e => (string)e["message"]!["id"]!).Select(g => g.First()["message"]!["usage"]!).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(run.ServedTotal("input_tokens"), messages.Sum(u => (long)u["input_tokens"]!));
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), messages.Sum(u => (long)u["cache_read_input_tokens"]!));
        Assert.All(messages, u => Assert.Equal(1, (long)u["output_tokens"]!));
        var result = events.Single(e => (string?)e["type"] == "result");
        Assert.False((bool)result["is_error"]!);
        Assert.Equal("Created hello.txt.", (string)result["result"]!);
        AssertUsage(run, result["usage"]!);

        // The session log holds each message's final usage: $HOME/.claude/projects/<cwd, '/' and '_' → '-'>/<session>.jsonl.
        var slug = _run.Repo.Replace('/', '-').Replace('_', '-');
        var sessionLog = Path.Combine(_run.Home, ".claude", "projects", slug, sessionId + ".jsonl");
        Assert.True(File.Exists(sessionLog), $"no session log at {sessionLog}: {string.Join(", ", Directory.GetFileSystemEntries(Path.Combine(_run.Home, ".claude", "projects")))}");
        var logged = File.ReadAllLines(sessionLog).Select(line => JsonNode.Parse(line)!)
            .Where(line => (string?)line["type"] == "assistant")
            .GroupBy(line => (string)line["requestId"]!)
            .Select(g => g.First()["message"]!["usage"]!)
            .ToList();
        Assert.Equal(2, logged.Count);
        Assert.Equal(run.ServedTotal("output_tokens"), logged.Sum(u => (long)u["output_tokens"]!));
        Assert.Equal(run.ServedTotal("input_tokens"), logged.Sum(u => (long)u["input_tokens"]!));
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), logged.Sum(u => (long)u["cache_read_input_tokens"]!));
        Assert.Equal(run.ServedTotal("cache_creation_input_tokens"), logged.Sum(u => (long)u["cache_creation_input_tokens"]!));
    }

    [AgentCliFact]
    public async Task Claude_takes_a_stream_json_user_message_on_stdin_and_resumes_the_session_by_id()
    {
        const string scenario = """["Hello from the simulator!", {"text": "Second answer.", "usage": {"input_tokens": 300, "output_tokens": 7}}]""";
        var sessionId = Guid.NewGuid().ToString();
        const string message = """{"type":"user","message":{"role":"user","content":"say hi"}}""" + "\n";

        var first = await _run.RunAsync(scenario, Environment(), message, "claude",
            "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--session-id", sessionId);
        var firstResult = first.StdoutJson.Single(e => (string?)e["type"] == "result");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("Hello from the simulator!", (string)firstResult["result"]!);
        Assert.Equal(sessionId, (string)firstResult["session_id"]!);
        AssertUsage(first, firstResult["usage"]!);

        // Each run has its own simulator, so the resumed request starts a conversation there; what shows the
        // resume is the session id and the earlier exchange carried in the request.
        var second = await _run.RunAsync(scenario, Environment(), null, "claude",
            "-p", "and again", "--resume", sessionId, "--output-format", "stream-json", "--verbose");
        var secondResult = second.StdoutJson.Single(e => (string?)e["type"] == "result");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(sessionId, (string)secondResult["session_id"]!);
        Assert.Equal(sessionId, (string)second.Served.Single()["session"]!);
        // The resumed request carries the first exchange: its history is longer than the first run's.
        Assert.True((int)second.Served.Single()["n_messages"]! > (int)first.Served.Single()["n_messages"]!);
        AssertUsage(second, secondResult["usage"]!);
    }

    [AgentCliFact]
    public async Task Claude_reports_a_rate_limit_it_cannot_retry_past_as_an_error_result_with_status_429()
    {
        var run = await _run.RunAsync("""[{"error": "rate_limit", "retry_after": 1, "times": -1}]""", Environment(("CLAUDE_CODE_MAX_RETRIES", "1")), null, "claude",
            "-p", "say hi", "--output-format", "stream-json", "--verbose");

        var events = run.StdoutJson.ToList();
        var result = events.Single(e => (string?)e["type"] == "result");
        Assert.Equal(1, run.ExitCode);
        Assert.True((bool)result["is_error"]!);
        Assert.Equal(429, (int)result["api_error_status"]!);
        Assert.Contains(events, e => (string?)e["subtype"] == "api_retry" && (int)e["error_status"]! == 429);
        Assert.Equal(2, run.Served.Count);
        Assert.All(run.Served, entry => Assert.Equal(429, (int)entry["status"]!));
    }

    [AgentCliFact]
    public async Task Claude_gives_up_on_a_hanging_server_after_its_API_timeout_and_reports_an_error_result()
    {
        var run = await _run.RunAsync("""[{"error": "hang", "hang_seconds": 60, "times": -1}]""",
            Environment(("API_TIMEOUT_MS", "3000"), ("CLAUDE_CODE_MAX_RETRIES", "1")), null, "claude", "-p", "say hi", "--output-format", "stream-json", "--verbose");

        var result = run.StdoutJson.Single(e => (string?)e["type"] == "result");
        Assert.Equal(1, run.ExitCode);
        Assert.True((bool)result["is_error"]!);
        Assert.Equal("Request timed out", (string)result["result"]!);
        Assert.Equal(2, run.Served.Count);
        Assert.All(run.Served, entry => Assert.Equal("hang", (string)entry["action"]!));
    }

    [AgentCliFact]
    public async Task Claude_reports_a_dropped_connection_as_an_error_result_after_retrying_without_streaming()
    {
        var run = await _run.RunAsync("""[{"error": "disconnect", "times": -1}]""",
            Environment(("CLAUDE_CODE_MAX_RETRIES", "1")), null, "claude", "-p", "say hi", "--output-format", "stream-json", "--verbose");

        var result = run.StdoutJson.Single(e => (string?)e["type"] == "result");
        Assert.Equal(1, run.ExitCode);
        Assert.True((bool)result["is_error"]!);
        Assert.Contains("ECONNRESET", (string)result["result"]!);
        Assert.True((bool)run.Served[0]["stream"]!);
        Assert.Contains(run.Served, entry => !(bool)entry["stream"]!);
        Assert.All(run.Served, entry => Assert.Equal("disconnect", (string)entry["action"]!));
    }

    private static void AssertUsage(AgentRun run, JsonNode usage)
    {
        Assert.Equal(run.ServedTotal("input_tokens"), (long)usage["input_tokens"]!);
        Assert.Equal(run.ServedTotal("output_tokens"), (long)usage["output_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_read_input_tokens"), (long)usage["cache_read_input_tokens"]!);
        Assert.Equal(run.ServedTotal("cache_creation_input_tokens"), (long)usage["cache_creation_input_tokens"]!);
    }

    public void Dispose() => _run.Dispose();
}
