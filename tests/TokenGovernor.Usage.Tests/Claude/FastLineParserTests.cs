using System.Text;
using TokenGovernor.Usage.Claude;

namespace TokenGovernor.Usage.Tests.Claude;

/// <summary>
/// The fast path of <see cref="ClaudeLineParser"/> must give exactly what the System.Text.Json reader gives, line by
/// line: whether the line counts, why not, and every value. Checked on realistic lines, every prefix of them (cut-off
/// lines) and every single-byte change to them.
/// </summary>
public sealed class FastLineParserTests
{
    private static readonly string[] Samples =
    [
        """{"parentUuid":"a1","isSidechain":false,"userType":"external","cwd":"/home/dev/src/app","sessionId":"73bf7824-f17e","version":"2.0.31","gitBranch":"main","message":{"model":"claude-opus-4-6","id":"msg_a8b3","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"check \"quoted\" and \\ back\u00e9 caf\u00e9 ✓","signature":"sig8"}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":77255,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":12},"output_tokens":28,"service_tier":"standard","speed":"fast"}},"requestId":"req_3abc","type":"assistant","uuid":"125c","timestamp":"2025-09-10T07:48:01.500Z"}""",
        """{"sessionId":"s1","message":{"id":"m1","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls -la","n":[1,2.5e3,-0.25,true,null,{}]}},{"type":"text","text":"done\nnext"}],"usage":{"input_tokens":3,"output_tokens":791}},"timestamp":"2025-10-01T10:00:00Z","isApiErrorMessage":false}""",
        """{ "timestamp" : "2025-10-01T10:00:00.123Z" , "message" : { "usage" : { "output_tokens" : 5 , "input_tokens" : -1 } , "content" : [ ] } , "version" : "1.0.3-beta" }""",
        """{"timestamp":"2025-10-01T10:00:00.000Z","isApiErrorMessage":true,"message":{"model":"<synthetic>","content":[{"type":"text","text":"Claude AI usage limit reached|1759312800"}],"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"timestamp":"2025-10-01T10:00:00.000Z","costUSD":0.25,"message":{"id":"m\u0031","usage":{"input_tokens":1.0,"output_tokens":2,"speed":"standard"}},"requestId":"r1"}""",
    ];

    private static readonly byte[] Replacements = "\"\\{}[],:0.-eEtfnu x\u0001\r\n"u8.ToArray();

    [Fact]
    public void Every_sample_counts_as_the_json_reader_says()
    {
        foreach (var sample in Samples)
        {
            AssertSame(Encoding.UTF8.GetBytes(sample));
        }
    }

    [Fact]
    public void Every_cut_off_line_gives_what_the_json_reader_gives()
    {
        foreach (var bytes in Samples.Select(Encoding.UTF8.GetBytes))
        {
            for (var length = 0; length < bytes.Length; length++)
            {
                AssertSame(bytes[..length]);
            }
        }
    }

    [Fact]
    public void Every_single_byte_change_gives_what_the_json_reader_gives()
    {
        foreach (var bytes in Samples.Select(Encoding.UTF8.GetBytes))
        {
            for (var at = 0; at < bytes.Length; at++)
            {
                foreach (var replacement in Replacements)
                {
                    var changed = (byte[])bytes.Clone();
                    changed[at] = replacement;
                    AssertSame(changed);
                }

                AssertSame([.. bytes[..at], .. bytes[(at + 1)..]]);
            }
        }
    }

    internal static void AssertSame(byte[] line)
    {
        var fast = new ClaudeLineParser();
        var json = new ClaudeLineParser();
        var fastCounts = fast.TryParse(line, out var fastLine, out var fastReason);
        var jsonCounts = json.TryParseJson(line, out var jsonLine, out var jsonReason);
        var text = Encoding.UTF8.GetString(line);
        Assert.True(fastCounts == jsonCounts, $"counts: fast {fastCounts}, json {jsonCounts}: {text}");
        Assert.True(fastReason == jsonReason, $"reason: fast {fastReason}, json {jsonReason}: {text}");
        if (!jsonCounts)
        {
            return;
        }

        Assert.True(fastLine.Equals(jsonLine), $"values differ: {text}");
        Assert.Equal(Encoding.UTF8.GetString(json.SessionId), Encoding.UTF8.GetString(fast.SessionId));
        Assert.Equal(Encoding.UTF8.GetString(json.MessageId), Encoding.UTF8.GetString(fast.MessageId));
        Assert.Equal(Encoding.UTF8.GetString(json.RequestId), Encoding.UTF8.GetString(fast.RequestId));
    }
}
