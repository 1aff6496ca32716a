using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Claude;

public sealed class ClaudeReconciliationTests
{
    private static readonly Dictionary<string, TokenUsage> Streamed = new()
    {
        ["msg_1"] = new TokenUsage(1500, 1, 200, 4000, 0),
        ["msg_2"] = new TokenUsage(1700, 1, 0, 5500, 0),
    };

    [Fact]
    public void The_session_log_gives_each_message_its_final_usage()
    {
        var logged = new Dictionary<string, TokenUsage>
        {
            ["msg_1"] = new TokenUsage(1500, 80, 200, 4000, 0),
            ["msg_2"] = new TokenUsage(1700, 12, 0, 5500, 0),
        };

        Assert.Equal(new TokenUsage(3200, 92, 200, 9500, 0), ClaudeReconciliation.Total(Streamed, logged, resultUsage: null));
    }

    [Fact]
    public void A_message_streamed_but_not_yet_logged_counts_with_its_streamed_usage()
    {
        var logged = new Dictionary<string, TokenUsage> { ["msg_1"] = new TokenUsage(1500, 80, 200, 4000, 0) };

        Assert.Equal(new TokenUsage(3200, 81, 200, 9500, 0), ClaudeReconciliation.Total(Streamed, logged, new TokenUsage(1, 1, 1, 1, 0)));
    }

    [Fact]
    public void Without_a_log_the_result_usage_counts_but_never_below_what_was_streamed()
    {
        Assert.Equal(new TokenUsage(3200, 92, 200, 9500, 0), ClaudeReconciliation.Total(Streamed, null, new TokenUsage(3200, 92, 200, 9500, 0)));
        Assert.Equal(new TokenUsage(3200, 2, 200, 9500, 0), ClaudeReconciliation.Total(Streamed, null, TokenUsage.Zero));
    }

    [Fact]
    public void Without_log_or_result_the_stream_is_all_there_is()
    {
        Assert.Equal(new TokenUsage(3200, 2, 200, 9500, 0), ClaudeReconciliation.Total(Streamed, null, null));
    }

    [Fact]
    public void The_session_log_is_read_once_per_message_and_request_leaving_out_earlier_messages()
    {
        using var scratch = new ScratchDirectory();
        var log = scratch.File("s.jsonl");
        File.WriteAllLines(log,
        [
            """{"type":"user","message":{"role":"user","content":"hi"}}""",
            """{"type":"assistant","requestId":"req_0","message":{"id":"msg_0","usage":{"input_tokens":9,"output_tokens":9}}}""",
            """{"type":"assistant","requestId":"req_1","message":{"id":"msg_1","content":[{"type":"text"}],"usage":{"input_tokens":1500,"cache_creation_input_tokens":200,"cache_read_input_tokens":4000,"output_tokens":80}}}""",
            """{"type":"assistant","requestId":"req_1","message":{"id":"msg_1","content":[{"type":"tool_use"}],"usage":{"input_tokens":1500,"cache_creation_input_tokens":200,"cache_read_input_tokens":4000,"output_tokens":80}}}""",
            """{"type":"assistant","requestId":"req_2","message":{"id":"msg_2","usage":{"input_tokens":1700,"cache_read_input_tokens":5500,"output_tokens":12}}}""",
            """{"type":"assistant","requestId":"req_3","message":{"id":"msg_3","usage":{"input""",
        ]);

        var usage = ClaudeSessionLog.ReadUsage(log, new HashSet<string> { "msg_0" });

        Assert.NotNull(usage);
        Assert.Equal(["msg_1", "msg_2"], usage.Keys.Order());
        Assert.Equal(new TokenUsage(3200, 92, 200, 9500, 0), usage.Values.Aggregate(TokenUsage.Zero, (sum, u) => sum + u));
        Assert.Null(ClaudeSessionLog.ReadUsage(scratch.File("missing.jsonl")));
    }

    [Fact]
    public void The_log_folder_is_named_after_the_working_directory()
    {
        Assert.Equal("-tmp-hw-final-claude-write-repo", ClaudeSessionLog.Slug("/tmp/hw-final/claude-write/repo"));
        Assert.Equal("-home-me-my-repo", ClaudeSessionLog.Slug("/home/me/my_repo"));
    }
}
