using System.Text;

namespace TokenGovernor.Usage.Tests.Claude;

/// <summary>
/// Generated edge cases for the fast path of the line parser, each compared with the System.Text.Json reader
/// (<see cref="FastLineParserTests.AssertSame"/>): strings long enough for the 32- and 16-byte compares with a stop byte
/// at every position, escapes, nesting around the depth limits, numbers, whitespace, byte order marks and NUL bytes.
/// </summary>
public sealed class FastLineParserEdgeTests
{
    private const string Head = """{"parentUuid":null,"cwd":"/home/dev/src/app","sessionId":"SESSION","version":"2.0.31","message":{"model":"MODEL","id":"MESSAGE","type":"message","content":[{"type":"thinking","thinking":"THINKING","signature":"sig"},{"type":"text","text":"TEXT"}],"usage":{"input_tokens":16,"cache_creation_input_tokens":0,"cache_read_input_tokens":107920,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":7},"output_tokens":13,"service_tier":"standard"}},"requestId":"REQUEST","extra":EXTRA,"timestamp":"2025-09-30T23:17:39.299Z","uuid":"UUID"}""";

    private static readonly byte[] StopBytes = [(byte)'"', (byte)'\\', 0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7F, 0x80, 0xC3, 0xFF, (byte)'}', (byte)']'];

    private static string Line(
        string thinking = "a", string text = "b", string message = "msg_1", string model = "claude-opus-4-6", string session = "s1",
        string request = "req_1", string extra = "0", string uuid = "u1") =>
        Head.Replace("THINKING", thinking).Replace("TEXT", text).Replace("MESSAGE", message).Replace("MODEL", model)
            .Replace("SESSION", session).Replace("REQUEST", request).Replace("EXTRA", extra).Replace("UUID", uuid);

    private static IEnumerable<Func<string, string>> StringFields()
    {
        yield return value => Line(thinking: value);
        yield return value => Line(text: value);
        yield return value => Line(message: value);
        yield return value => Line(model: value);
        yield return value => Line(session: value);
        yield return value => Line(request: value);
        yield return value => Line(extra: "\"" + value + "\"");
        yield return value => Line(uuid: value);
    }

    [Fact]
    public void A_stop_byte_at_every_position_of_a_long_string_gives_what_the_json_reader_gives()
    {
        foreach (var field in StringFields())
        {
            for (var length = 1; length <= 80; length += 79)
            {
                var bytes = Encoding.UTF8.GetBytes(field(new string('x', length)));
                var start = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(new string('x', length)));
                for (var at = start; at < start + length; at++)
                {
                    foreach (var stop in StopBytes)
                    {
                        var changed = (byte[])bytes.Clone();
                        changed[at] = stop;
                        FastLineParserTests.AssertSame(changed);
                    }
                }
            }
        }
    }

    [Fact]
    public void Strings_of_every_length_around_the_compare_widths_give_what_the_json_reader_gives()
    {
        foreach (var field in StringFields())
        {
            for (var length = 0; length <= 100; length++)
            {
                var line = Encoding.UTF8.GetBytes(field(new string('y', length)));
                FastLineParserTests.AssertSame(line);
                for (var cut = Math.Max(0, line.Length - 140); cut < line.Length; cut++)
                {
                    FastLineParserTests.AssertSame(line[..cut]);
                }
            }
        }
    }

    [Fact]
    public void Escapes_anywhere_in_a_long_string_give_what_the_json_reader_gives()
    {
        string[] escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\uD800", "\\uDC00x", "\\uD83D\\uDE00", "\\u12", "\\uZZZZ", "\\x", "\\'", "\\", "\\0", "\\U0041"];
        foreach (var field in StringFields())
        {
            foreach (var escape in escapes)
            {
                for (var at = 0; at <= 70; at += 7)
                {
                    FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(field(new string('z', at) + escape + new string('z', 70 - at))));
                }
            }
        }
    }

    [Fact]
    public void Nesting_around_the_depth_limits_gives_what_the_json_reader_gives()
    {
        foreach (var depth in new[] { 1, 2, 60, 61, 62, 63, 64, 65, 66, 100, 509, 510, 511, 512, 513, 600 })
        {
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line(extra: new string('[', depth) + new string(']', depth))));
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line(extra: string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))));
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line(extra: string.Concat(Enumerable.Repeat("[{\"a\":", depth)) + "[]" + string.Concat(Enumerable.Repeat("}]", depth)))));
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line(extra: new string('[', depth) + new string(']', depth - 1))));
        }
    }

    [Fact]
    public void Numbers_give_what_the_json_reader_gives()
    {
        string[] numbers =
        [
            "0", "-0", "01", "-01", "1.", ".5", "1.5", "-1.5", "1e5", "1E5", "1e+5", "1e-5", "1E+05", "1e", "1e+", "-", "+1", "1.5e-3",
            "0.0", "00", "1.e5", "123456789012345678", "1234567890123456789", "-123456789012345678", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "4.9e-324", "0x10", "Infinity", "-Infinity", "NaN",
            "1 2", "1,", "true", "false", "null", "tru", "nul", "falsey", "TRUE", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}",
        ];
        foreach (var number in numbers)
        {
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line(extra: number)));
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line().Replace("\"output_tokens\":13", "\"output_tokens\":" + number)));
            FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(Line().Replace("\"ephemeral_1h_input_tokens\":7", "\"ephemeral_1h_input_tokens\":" + number)));
        }
    }

    [Fact]
    public void Whitespace_bom_and_nul_around_every_token_give_what_the_json_reader_gives()
    {
        var line = Line();
        string[] spaces = [" ", "\t", "\r", "\n", "\r\n", "  \t ", "\f", "\v", "\u00a0", "\u2028", "\0", "\uFEFF"];
        var positions = Enumerable.Range(0, line.Length + 1).Where(at => at == 0 || at == line.Length || "{}[],:".Contains(line[at - 1]) || "{}[],:".Contains(line[at]));
        foreach (var at in positions)
        {
            foreach (var space in spaces)
            {
                FastLineParserTests.AssertSame(Encoding.UTF8.GetBytes(line.Insert(at, space)));
            }
        }

        FastLineParserTests.AssertSame([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(line)]);
        FastLineParserTests.AssertSame([.. Encoding.UTF8.GetBytes(line), 0x00]);
    }
}
