using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Validates one Claude Code JSONL line the way ccusage does: a JSON object with a well-formed <c>timestamp</c>
/// and numeric <c>message.usage.input_tokens</c>/<c>output_tokens</c>; optional fields, when present, must be
/// well typed (an explicit <c>null</c> drops the line).
/// </summary>
internal sealed partial class ClaudeLineParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };
    private static readonly byte[] LimitReached = "Claude AI usage limit reached"u8.ToArray();
    private readonly List<(byte[] Bytes, string Text)> _interned = [];

    /// <summary>Parses a line; on failure <paramref name="reason"/> says why the line does not count.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out ClaudeLine parsed, out string? reason)
    {
        parsed = default;
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reason = "not a JSON object";
                return false;
            }

            reason = ReadTop(ref reader, ref parsed);
            if (reason is null && reader.Read())
            {
                reason = "text after the JSON object";
            }

            return reason is null;
        }
        catch (JsonException)
        {
            reason = "not valid JSON";
            return false;
        }
        catch (InvalidOperationException)
        {
            reason = "not valid JSON";
            return false;
        }
    }

    private string? ReadTop(ref Utf8JsonReader reader, ref ClaudeLine parsed)
    {
        bool hasTimestamp = false, hasMessage = false;
        byte[]? limitText = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("message"u8))
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return "message is not an object";
                }

                if (ReadMessage(ref reader, ref parsed, ref limitText) is { } problem)
                {
                    return problem;
                }

                hasMessage = true;
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                if (reader.TokenType != JsonTokenType.String || !TryTimestamp(ref reader, out parsed.TimestampMs))
                {
                    return "timestamp is not of the form YYYY-MM-DDTHH:MM:SS[.mmm]Z";
                }

                hasTimestamp = true;
            }
            else if (name.SequenceEqual("sessionId"u8))
            {
                if (!NonEmptyString(ref reader, out parsed.SessionId))
                {
                    return "sessionId is not a non-empty string";
                }
            }
            else if (name.SequenceEqual("requestId"u8))
            {
                if (!NonEmptyString(ref reader, out parsed.RequestId))
                {
                    return "requestId is not a non-empty string";
                }
            }
            else if (name.SequenceEqual("costUSD"u8))
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return "costUSD is not a number";
                }

                parsed.CostUsd = reader.GetDouble();
            }
            else if (name.SequenceEqual("isApiErrorMessage"u8))
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return "isApiErrorMessage is not a boolean";
                }

                parsed.IsApiError = reader.TokenType == JsonTokenType.True;
            }
            else if (name.SequenceEqual("version"u8))
            {
                if (reader.TokenType != JsonTokenType.String || !IsVersion(reader.GetString()!))
                {
                    return "version is not of the form N.N.N";
                }
            }
            else if (name.SequenceEqual("cwd"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return "cwd is not a string";
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasTimestamp)
        {
            return "no timestamp";
        }

        if (!hasMessage)
        {
            return "no message";
        }

        if (parsed.IsApiError && limitText is not null)
        {
            parsed.ResetTimeMs = ResetTime(limitText);
        }

        return null;
    }

    private string? ReadMessage(ref Utf8JsonReader reader, ref ClaudeLine parsed, ref byte[]? limitText)
    {
        var hasUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("usage"u8))
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return "message.usage is not an object";
                }

                if (ReadUsage(ref reader, ref parsed) is { } problem)
                {
                    return problem;
                }

                hasUsage = true;
            }
            else if (name.SequenceEqual("model"u8))
            {
                if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length == 0)
                {
                    return "message.model is not a non-empty string";
                }

                parsed.Model = Intern(ref reader);
            }
            else if (name.SequenceEqual("id"u8))
            {
                if (!NonEmptyString(ref reader, out parsed.MessageId))
                {
                    return "message.id is not a non-empty string";
                }
            }
            else if (name.SequenceEqual("content"u8))
            {
                if (ReadContent(ref reader, ref limitText) is { } problem)
                {
                    return problem;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return hasUsage ? null : "no message.usage";
    }

    private static string? ReadContent(ref Utf8JsonReader reader, ref byte[]? limitText)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "message.content is not an array";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return "message.content holds something other than objects";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (!isText)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    return "message.content[].text is not a string";
                }

                if (limitText is null && reader.ValueSpan.IndexOf(LimitReached) >= 0)
                {
                    limitText = Encoding.UTF8.GetBytes(reader.GetString()!);
                }
            }
        }

        return null;
    }

    private static string? ReadUsage(ref Utf8JsonReader reader, ref ClaudeLine parsed)
    {
        bool hasInput = false, hasOutput = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("input_tokens"u8))
            {
                hasInput = TryCount(ref reader, out parsed.Input);
            }
            else if (name.SequenceEqual("output_tokens"u8))
            {
                hasOutput = TryCount(ref reader, out parsed.Output);
            }
            else if (name.SequenceEqual("cache_creation_input_tokens"u8))
            {
                if (!TryCount(ref reader, out var count))
                {
                    return "cache_creation_input_tokens is not a number";
                }

                parsed.CacheCreation = count;
            }
            else if (name.SequenceEqual("cache_read_input_tokens"u8))
            {
                if (!TryCount(ref reader, out var count))
                {
                    return "cache_read_input_tokens is not a number";
                }

                parsed.CacheRead = count;
            }
            else if (name.SequenceEqual("speed"u8))
            {
                if (reader.TokenType != JsonTokenType.String || !(reader.ValueTextEquals("standard"u8) || reader.ValueTextEquals("fast"u8)))
                {
                    return "usage.speed is neither \"standard\" nor \"fast\"";
                }

                parsed.Speed = reader.ValueTextEquals("fast"u8) ? "fast" : "standard";
            }
            else if (name.SequenceEqual("cache_creation"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var oneHour = reader.ValueTextEquals("ephemeral_1h_input_tokens"u8);
                    reader.Read();
                    if (oneHour && TryCount(ref reader, out var count))
                    {
                        parsed.CacheCreation1h = count;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return !hasInput ? "usage.input_tokens is not a number" : !hasOutput ? "usage.output_tokens is not a number" : null;
    }

    private static bool TryCount(ref Utf8JsonReader reader, out long count)
    {
        count = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        count = reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
        return true;
    }

    private static bool NonEmptyString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length == 0)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }

    private string Intern(ref Utf8JsonReader reader)
    {
        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            foreach (var (bytes, text) in _interned)
            {
                if (span.SequenceEqual(bytes))
                {
                    return text;
                }
            }
        }

        var value = reader.GetString()!;
        if (!reader.ValueIsEscaped && _interned.Count < 64)
        {
            _interned.Add((span.ToArray(), value));
        }

        return value;
    }

    private static bool IsVersion(string version)
    {
        // ^\d+\.\d+\.\d+ (a prefix match: "1.0.3-beta" is fine)
        var i = 0;
        for (var part = 0; part < 3; part++)
        {
            var start = i;
            while (i < version.Length && char.IsAsciiDigit(version[i]))
            {
                i++;
            }

            if (i == start || (part < 2 && (i >= version.Length || version[i++] != '.')))
            {
                return false;
            }
        }

        return true;
    }

    private static long ResetTime(byte[] text)
    {
        // ccusage: /\|(\d+)/ on the text; a positive number of seconds since the epoch.
        var bar = text.AsSpan().IndexOf((byte)'|');
        while (bar >= 0)
        {
            var rest = text.AsSpan(bar + 1);
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                digits++;
            }

            if (digits > 0)
            {
                return Utf8Parser.TryParse(rest[..digits], out long seconds, out _) && seconds > 0 ? seconds * 1000 : 0;
            }

            var next = rest.IndexOf((byte)'|');
            bar = next < 0 ? -1 : bar + 1 + next;
        }

        return 0;
    }
}
