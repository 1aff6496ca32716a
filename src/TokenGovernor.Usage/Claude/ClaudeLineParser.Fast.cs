using System.Runtime.CompilerServices;

namespace TokenGovernor.Usage.Claude;

// The fast path: one pass over the line that checks it is well-formed JSON (RFC 8259, as JSON.parse reads it) and takes
// the fields a usage line has, in the shape Claude Code writes them. It only ever answers "this line counts, with these
// values"; anything else — a line that does not count, escapes in names or ids, a cost in the log, a "usage limit
// reached" text, fractional or huge token counts, deep nesting — is handed to the System.Text.Json path, whose answer
// is the rule. Both paths read fields in line order with the same rules, so the values they give are the same.
internal sealed partial class ClaudeLineParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseFast(ReadOnlySpan<byte> s, ref ClaudeLine parsed)
    {
        var i = 0;
        if (s.Length == 0 || s[0] != '{' || !FastTop(s, ref i, ref parsed))
        {
            return false;
        }

        SkipSpace(s, ref i);
        return i == s.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FastTop(ReadOnlySpan<byte> s, ref int i, ref ClaudeLine parsed)
    {
        bool hasTimestamp = false, hasMessage = false;
        i++;
        if (!FirstMember(s, ref i, out var more))
        {
            return false;
        }

        while (more)
        {
            if (!Name(s, ref i, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("message"u8))
            {
                if (!At(s, i, (byte)'{') || !FastMessage(s, ref i, ref parsed))
                {
                    return false;
                }

                hasMessage = true;
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                if (!PlainString(s, ref i, out var text) || !TryTimestamp(text, out parsed.TimestampMs))
                {
                    return false;
                }

                hasTimestamp = true;
            }
            else if (name.SequenceEqual("sessionId"u8))
            {
                if (!PlainString(s, ref i, out var text) || text.Length == 0)
                {
                    return false;
                }

                _sessionId.Set(text);
                parsed.HasSessionId = true;
            }
            else if (name.SequenceEqual("requestId"u8))
            {
                if (!PlainString(s, ref i, out var text) || text.Length == 0)
                {
                    return false;
                }

                _requestId.Set(text);
                parsed.HasRequestId = true;
            }
            else if (name.SequenceEqual("isApiErrorMessage"u8))
            {
                if (Literal(s, ref i, "true"u8))
                {
                    parsed.IsApiError = true;
                }
                else if (Literal(s, ref i, "false"u8))
                {
                    parsed.IsApiError = false;
                }
                else
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("version"u8))
            {
                if (!PlainString(s, ref i, out var text) || !IsVersion(text))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("cwd"u8))
            {
                if (!At(s, i, (byte)'"') || !SkipValue(s, ref i, 0))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("costUSD"u8))
            {
                return false;
            }
            else if (!SkipValue(s, ref i, 0))
            {
                return false;
            }

            if (!NextMember(s, ref i, (byte)'}', out more))
            {
                return false;
            }
        }

        return hasTimestamp && hasMessage;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FastMessage(ReadOnlySpan<byte> s, ref int i, ref ClaudeLine parsed)
    {
        var hasUsage = false;
        i++;
        if (!FirstMember(s, ref i, out var more))
        {
            return false;
        }

        while (more)
        {
            if (!Name(s, ref i, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("usage"u8))
            {
                if (!At(s, i, (byte)'{') || !FastUsage(s, ref i, ref parsed))
                {
                    return false;
                }

                hasUsage = true;
            }
            else if (name.SequenceEqual("model"u8))
            {
                if (!PlainString(s, ref i, out var text) || text.Length == 0)
                {
                    return false;
                }

                if ((parsed.Model = Intern(text)) is null)
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("id"u8))
            {
                if (!PlainString(s, ref i, out var text) || text.Length == 0)
                {
                    return false;
                }

                _messageId.Set(text);
                parsed.HasMessageId = true;
            }
            else if (name.SequenceEqual("content"u8))
            {
                if (!At(s, i, (byte)'[') || !FastContent(s, ref i))
                {
                    return false;
                }
            }
            else if (!SkipValue(s, ref i, 1))
            {
                return false;
            }

            if (!NextMember(s, ref i, (byte)'}', out more))
            {
                return false;
            }
        }

        return hasUsage;
    }

    /// <summary>An array of objects whose <c>text</c>, where present, is a string (without the usage-limit message).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FastContent(ReadOnlySpan<byte> s, ref int i)
    {
        i++;
        SkipSpace(s, ref i);
        if (At(s, i, (byte)']'))
        {
            i++;
            return true;
        }

        while (true)
        {
            if (!At(s, i, (byte)'{'))
            {
                return false;
            }

            i++;
            if (!FirstMember(s, ref i, out var more))
            {
                return false;
            }

            while (more)
            {
                if (!Name(s, ref i, out var name))
                {
                    return false;
                }

                if (name.SequenceEqual("text"u8))
                {
                    var start = i;
                    if (!At(s, i, (byte)'"') || !SkipString(s, ref i) || s[start..i].IndexOf(LimitReached) >= 0)
                    {
                        return false;
                    }
                }
                else if (!SkipValue(s, ref i, 3))
                {
                    return false;
                }

                if (!NextMember(s, ref i, (byte)'}', out more))
                {
                    return false;
                }
            }

            if (!NextMember(s, ref i, (byte)']', out var another))
            {
                return false;
            }

            if (!another)
            {
                return true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FastUsage(ReadOnlySpan<byte> s, ref int i, ref ClaudeLine parsed)
    {
        bool hasInput = false, hasOutput = false;
        i++;
        if (!FirstMember(s, ref i, out var more))
        {
            return false;
        }

        while (more)
        {
            if (!Name(s, ref i, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("input_tokens"u8))
            {
                if (!Whole(s, ref i, out parsed.Input))
                {
                    return false;
                }

                hasInput = true;
            }
            else if (name.SequenceEqual("output_tokens"u8))
            {
                if (!Whole(s, ref i, out parsed.Output))
                {
                    return false;
                }

                hasOutput = true;
            }
            else if (name.SequenceEqual("cache_creation_input_tokens"u8))
            {
                if (!Whole(s, ref i, out var count))
                {
                    return false;
                }

                parsed.CacheCreation = count;
            }
            else if (name.SequenceEqual("cache_read_input_tokens"u8))
            {
                if (!Whole(s, ref i, out var count))
                {
                    return false;
                }

                parsed.CacheRead = count;
            }
            else if (name.SequenceEqual("speed"u8))
            {
                if (!PlainString(s, ref i, out var text))
                {
                    return false;
                }

                if (text.SequenceEqual("fast"u8))
                {
                    parsed.Speed = "fast";
                }
                else if (text.SequenceEqual("standard"u8))
                {
                    parsed.Speed = "standard";
                }
                else
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("cache_creation"u8) && At(s, i, (byte)'{'))
            {
                if (!FastCacheCreation(s, ref i, ref parsed))
                {
                    return false;
                }
            }
            else if (!SkipValue(s, ref i, 3))
            {
                return false;
            }

            if (!NextMember(s, ref i, (byte)'}', out more))
            {
                return false;
            }
        }

        return hasInput && hasOutput;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FastCacheCreation(ReadOnlySpan<byte> s, ref int i, ref ClaudeLine parsed)
    {
        i++;
        if (!FirstMember(s, ref i, out var more))
        {
            return false;
        }

        while (more)
        {
            if (!Name(s, ref i, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("ephemeral_1h_input_tokens"u8) && i < s.Length && (s[i] == '-' || char.IsAsciiDigit((char)s[i])))
            {
                if (!Whole(s, ref i, out parsed.CacheCreation1h))
                {
                    return false;
                }
            }
            else if (!SkipValue(s, ref i, 4))
            {
                return false;
            }

            if (!NextMember(s, ref i, (byte)'}', out more))
            {
                return false;
            }
        }

        return true;
    }
}
