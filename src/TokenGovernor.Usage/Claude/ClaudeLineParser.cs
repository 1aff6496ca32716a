using System.Runtime.CompilerServices;
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
    private readonly IdBytes _sessionId = new();
    private readonly IdBytes _messageId = new();
    private readonly IdBytes _requestId = new();

    /// <summary>The UTF-8 <c>sessionId</c> of the last line parsed (when <see cref="ClaudeLine.HasSessionId"/>).</summary>
    public ReadOnlySpan<byte> SessionId => _sessionId.Span;

    /// <summary>The UTF-8 <c>message.id</c> of the last line parsed (when <see cref="ClaudeLine.HasMessageId"/>).</summary>
    public ReadOnlySpan<byte> MessageId => _messageId.Span;

    /// <summary>The UTF-8 <c>requestId</c> of the last line parsed (when <see cref="ClaudeLine.HasRequestId"/>).</summary>
    public ReadOnlySpan<byte> RequestId => _requestId.Span;

    /// <summary>Parses a line; on failure <paramref name="reason"/> says why the line does not count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> line, out ClaudeLine parsed, out string? reason)
    {
        parsed = default;
        if (TryParseFast(line, ref parsed))
        {
            reason = null;
            return true;
        }

        return TryParseJson(line, out parsed, out reason);
    }

    /// <summary>The rule itself, with System.Text.Json's reader: what the fast path defers to, and is tested against.</summary>
    internal bool TryParseJson(ReadOnlySpan<byte> line, out ClaudeLine parsed, out string? reason)
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                if (!(parsed.HasSessionId = _sessionId.TryRead(ref reader)))
                {
                    return "sessionId is not a non-empty string";
                }
            }
            else if (name.SequenceEqual("requestId"u8))
            {
                if (!(parsed.HasRequestId = _requestId.TryRead(ref reader)))
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
                if (reader.TokenType != JsonTokenType.String
                    || !IsVersion(reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan))
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                if (!(parsed.HasMessageId = _messageId.TryRead(ref reader)))
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
}
