using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TokenGovernor.Usage.Claude;

// The nested parts of a line: message content, usage counts and the small typed values they are made of.
internal sealed partial class ClaudeLineParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>A model name read without escapes, as one shared string per name; null when the bytes are not valid UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Intern(ReadOnlySpan<byte> span)
    {
        foreach (var (bytes, text) in _interned)
        {
            if (span.SequenceEqual(bytes))
            {
                return text;
            }
        }

        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(span);
        if (_interned.Count < 64)
        {
            _interned.Add((span.ToArray(), value));
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsVersion(ReadOnlySpan<byte> version)
    {
        // ^\d+\.\d+\.\d+ (a prefix match: "1.0.3-beta" is fine)
        var i = 0;
        for (var part = 0; part < 3; part++)
        {
            var start = i;
            while (i < version.Length && char.IsAsciiDigit((char)version[i]))
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

/// <summary>A reused buffer for one id's unescaped UTF-8 bytes, so lines are read without a string per id.</summary>
internal sealed class IdBytes
{
    private byte[] _bytes = new byte[64];
    private int _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    /// <summary>Takes an id read without escapes.</summary>
    public void Set(ReadOnlySpan<byte> value)
    {
        if (_bytes.Length < value.Length)
        {
            _bytes = new byte[Math.Max(value.Length, _bytes.Length * 2)];
        }

        value.CopyTo(_bytes);
        _length = value.Length;
    }

    /// <summary>Takes the current value when it is a non-empty string (ccusage's <c>min(1)</c>); false otherwise.</summary>
    public bool TryRead(ref Utf8JsonReader reader)
    {
        _length = 0;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length == 0)
        {
            return false;
        }

        var raw = reader.ValueSpan;
        if (_bytes.Length < raw.Length)
        {
            _bytes = new byte[Math.Max(raw.Length, _bytes.Length * 2)];
        }

        if (reader.ValueIsEscaped)
        {
            _length = reader.CopyString(_bytes);
        }
        else
        {
            raw.CopyTo(_bytes);
            _length = raw.Length;
        }

        return true;
    }
}
