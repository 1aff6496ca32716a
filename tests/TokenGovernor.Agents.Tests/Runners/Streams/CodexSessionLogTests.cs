using TokenGovernor.Agents.Runners.Codex;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>The rollout log lines of ENV-agents.md §4.2 (d): the last <c>token_count</c> is the thread's total.</summary>
public sealed class CodexSessionLogTests : IDisposable
{
    private const string ThreadId = "01a1ffac-584f-7232-8dc2-8d1529d45fbc";
    private const string First = """{"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":5700,"cached_input_tokens":4000,"cache_write_input_tokens":200,"output_tokens":80,"reasoning_output_tokens":10,"total_tokens":5780},"last_token_usage":{"input_tokens":5700},"model_context_window":258400},"rate_limits":{}}}""";
    private const string Record = """{"type":"token_usage_record","payload":{"response_id":"resp_mock1","usage":{"input_tokens":7200,"cached_input_tokens":5500,"cache_write_input_tokens":0,"output_tokens":12,"reasoning_output_tokens":0,"total_tokens":7212}}}""";
    private const string Second = """{"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":12900,"cached_input_tokens":9500,"cache_write_input_tokens":200,"output_tokens":92,"reasoning_output_tokens":10,"total_tokens":12992},"last_token_usage":{"input_tokens":7200},"model_context_window":258400},"rate_limits":{}}}""";

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private Dictionary<string, string?> WriteLog(params string[] lines)
    {
        var codexHome = _scratch.File("codex-home");
        var folder = Path.Combine(codexHome, "sessions", "2026", "11", "21");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, $"rollout-2026-11-21T19-54-19-{ThreadId}.jsonl"), lines);
        return new Dictionary<string, string?> { ["CODEX_HOME"] = codexHome };
    }

    [Fact]
    public void The_last_token_count_is_the_thread_total_counted_once_per_kind()
    {
        var environment = WriteLog(First, Record, Second, "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_co");

        var total = CodexSessionLog.ReadTotal(CodexSessionLog.PathFor(ThreadId, environment));

        Assert.Equal(new TokenUsage(Input: 3200, Output: 82, CacheCreation: 200, CacheRead: 9500, Reasoning: 10), total);
        Assert.Equal(12992, total!.Total);
    }

    [Fact]
    public void A_resumed_thread_counts_only_what_this_attempt_added()
    {
        var environment = WriteLog(First, Second);
        var parser = new CodexStreamParser(TimeProvider.System) { Earlier = new TokenUsage(1500, 70, 200, 4000, 10) };
        parser.Parse($$"""{"type":"thread.started","thread_id":"{{ThreadId}}"}""");

        Assert.Equal(new TokenUsage(Input: 1700, Output: 12, CacheCreation: 0, CacheRead: 5500, Reasoning: 0), parser.SessionLogTotal(environment));
    }

    [Fact]
    public void Without_a_log_there_is_no_total()
    {
        Assert.Null(CodexSessionLog.PathFor(ThreadId, new Dictionary<string, string?> { ["CODEX_HOME"] = _scratch.File("nowhere") }));
        Assert.Null(CodexSessionLog.ReadTotal(null));
    }
}
