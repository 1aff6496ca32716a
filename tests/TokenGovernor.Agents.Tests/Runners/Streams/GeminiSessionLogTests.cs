using TokenGovernor.Agents.Runners.Gemini;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>Chat log lines shaped as ENV-agents.md §4.3 (d) records them (a message written again when its tool calls are added).</summary>
public sealed class GeminiSessionLogTests : IDisposable
{
    private const string SessionId = "33253f1c-0000-4000-8000-000000000002";
    private const string Call = """{"id":"m1","type":"gemini","content":"I'll create the file.","tokens":{"input":5700,"output":80,"cached":4000,"thoughts":10,"tool":0,"total":5790},"model":"gemini-2.5-flash"}""";
    private const string CallWithTools = """{"id":"m1","type":"gemini","content":"I'll create the file.","toolCalls":[{"name":"write_file"}],"tokens":{"input":5700,"output":80,"cached":4000,"thoughts":10,"tool":0,"total":5790},"model":"gemini-2.5-flash"}""";
    private const string Answer = """{"id":"m2","type":"gemini","content":"Created hello.txt.","tokens":{"input":7200,"output":12,"cached":5500,"thoughts":0,"tool":0,"total":7212},"model":"gemini-2.5-flash"}""";
    private const string User = """{"id":"u1","type":"user","content":"create hello.txt"}""";

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Each_model_message_counts_once_with_thoughts_as_reasoning()
    {
        var folder = Path.Combine(_scratch.File("home"), ".gemini", "tmp", "repo", "chats");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, $"session-2026-11-21T19-54-{SessionId[..8]}.jsonl"), [User, Call, CallWithTools, Answer]);
        var environment = new Dictionary<string, string?> { ["HOME"] = _scratch.File("home") };

        var total = GeminiSessionLog.ReadTotal(GeminiSessionLog.PathFor(SessionId, environment));

        Assert.Equal(new TokenUsage(Input: 3400, Output: 92, CacheCreation: 0, CacheRead: 9500, Reasoning: 10), total);
        Assert.Equal(13002, total!.Total);
    }

    [Fact]
    public void Without_a_log_there_is_no_total()
    {
        Assert.Null(GeminiSessionLog.PathFor(SessionId, new Dictionary<string, string?> { ["HOME"] = _scratch.File("nobody") }));
        Assert.Null(GeminiSessionLog.PathFor(null, new Dictionary<string, string?> { ["HOME"] = _scratch.File("home") }));
    }
}
