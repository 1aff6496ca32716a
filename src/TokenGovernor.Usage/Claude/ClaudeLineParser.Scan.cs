using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TokenGovernor.Usage.Claude;

// The scanning primitives of the fast path: member separators, names, plain strings, whole numbers and literals, and
// skipping any value while checking it is well-formed JSON — byte by byte over the line, allocating nothing.
internal sealed partial class ClaudeLineParser
{
    private const int MaxFastDepth = 64;

    /// <summary>After an opening brace: whether a member follows (a name) or the object is empty (the brace closed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FirstMember(ReadOnlySpan<byte> s, ref int i, out bool more)
    {
        SkipSpace(s, ref i);
        if (At(s, i, (byte)'}'))
        {
            i++;
            more = false;
            return true;
        }

        more = true;
        return At(s, i, (byte)'"');
    }

    /// <summary>After a value: a comma and another member or element, or the closing bracket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NextMember(ReadOnlySpan<byte> s, ref int i, byte close, out bool more)
    {
        SkipSpace(s, ref i);
        more = false;
        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] == close)
        {
            i++;
            return true;
        }

        if (s[i] != ',')
        {
            return false;
        }

        i++;
        SkipSpace(s, ref i);
        more = true;
        return close != '}' || At(s, i, (byte)'"');
    }

    /// <summary>A member name without escapes, the colon after it, and the space before the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Name(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> name)
    {
        if (!PlainString(s, ref i, out name))
        {
            return false;
        }

        SkipSpace(s, ref i);
        if (!At(s, i, (byte)':'))
        {
            return false;
        }

        i++;
        SkipSpace(s, ref i);
        return true;
    }

    /// <summary>A string value without escapes: its bytes between the quotes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PlainString(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!At(s, i, (byte)'"'))
        {
            return false;
        }

        var stop = StringStop(s, i + 1);
        if (stop < 0 || s[stop] != '"')
        {
            return false;
        }

        text = s[(i + 1)..stop];
        i = stop + 1;
        return true;
    }

    /// <summary>A whole number of at most 18 digits (an optional minus sign), not followed by a fraction or exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Whole(ReadOnlySpan<byte> s, ref int i, out long value)
    {
        value = 0;
        var negative = At(s, i, (byte)'-');
        var start = negative ? i + 1 : i;
        var end = start;
        while (end < s.Length && char.IsAsciiDigit((char)s[end]))
        {
            end++;
        }

        var digits = end - start;
        if (digits == 0 || digits > 18 || (digits > 1 && s[start] == '0') || (end < s.Length && s[end] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            return false;
        }

        for (var k = start; k < end; k++)
        {
            value = (value * 10) + (s[k] - '0');
        }

        value = negative ? -value : value;
        i = end;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Literal(ReadOnlySpan<byte> s, ref int i, ReadOnlySpan<byte> word)
    {
        if (!s[i..].StartsWith(word))
        {
            return false;
        }

        i += word.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipValue(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        if (i >= s.Length)
        {
            return false;
        }

        switch (s[i])
        {
            case (byte)'"':
                return SkipString(s, ref i);
            case (byte)'{':
            case (byte)'[':
                return SkipContainer(s, ref i, depth + 1);
            case (byte)'t':
                return Literal(s, ref i, "true"u8);
            case (byte)'f':
                return Literal(s, ref i, "false"u8);
            case (byte)'n':
                return Literal(s, ref i, "null"u8);
            default:
                return SkipNumber(s, ref i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipContainer(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        if (depth > MaxFastDepth)
        {
            return false;
        }

        var isObject = s[i] == '{';
        var close = isObject ? (byte)'}' : (byte)']';
        i++;
        SkipSpace(s, ref i);
        if (At(s, i, close))
        {
            i++;
            return true;
        }

        while (true)
        {
            if (isObject)
            {
                if (!At(s, i, (byte)'"') || !SkipString(s, ref i))
                {
                    return false;
                }

                SkipSpace(s, ref i);
                if (!At(s, i, (byte)':'))
                {
                    return false;
                }

                i++;
                SkipSpace(s, ref i);
            }

            if (!SkipValue(s, ref i, depth) || !NextMember(s, ref i, close, out var more))
            {
                return false;
            }

            if (!more)
            {
                return true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipString(ReadOnlySpan<byte> s, ref int i)
    {
        var at = i + 1;
        while (true)
        {
            at = StringStop(s, at);
            if (at < 0)
            {
                return false;
            }

            var b = s[at];
            if (b == '"')
            {
                i = at + 1;
                return true;
            }

            if (b != '\\' || at + 1 >= s.Length)
            {
                return false;
            }

            var escaped = s[at + 1];
            if (escaped == 'u')
            {
                if (at + 5 >= s.Length || !char.IsAsciiHexDigit((char)s[at + 2]) || !char.IsAsciiHexDigit((char)s[at + 3])
                    || !char.IsAsciiHexDigit((char)s[at + 4]) || !char.IsAsciiHexDigit((char)s[at + 5]))
                {
                    return false;
                }

                at += 6;
            }
            else if (escaped is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                at += 2;
            }
            else
            {
                return false;
            }
        }
    }

    /// <summary>JSON's number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipNumber(ReadOnlySpan<byte> s, ref int i)
    {
        var at = i;
        if (At(s, at, (byte)'-'))
        {
            at++;
        }

        if (At(s, at, (byte)'0'))
        {
            at++;
        }
        else if (!Digits(s, ref at))
        {
            return false;
        }

        if (At(s, at, (byte)'.'))
        {
            at++;
            if (!Digits(s, ref at))
            {
                return false;
            }
        }

        if (at < s.Length && s[at] is (byte)'e' or (byte)'E')
        {
            at++;
            if (at < s.Length && s[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            if (!Digits(s, ref at))
            {
                return false;
            }
        }

        i = at;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits(ReadOnlySpan<byte> s, ref int at)
    {
        var start = at;
        while (at < s.Length && char.IsAsciiDigit((char)s[at]))
        {
            at++;
        }

        return at > start;
    }

    /// <summary>
    /// Where the run of plain string bytes from <paramref name="at"/> ends: the first closing quote, escape or control
    /// character (not allowed in JSON strings), or -1. Looks at 32 or 16 bytes at a time where the CPU can.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StringStop(ReadOnlySpan<byte> s, int at)
    {
        ref var first = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            var escape = Vector256.Create((byte)'\\');
            var control = Vector256.Create((byte)0x1F);
            for (; at <= s.Length - Vector256<byte>.Count; at += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector256.Equals(bytes, quote) | Vector256.Equals(bytes, escape) | Vector256.Equals(Vector256.Min(bytes, control), bytes);
                if (stops != Vector256<byte>.Zero)
                {
                    return at + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var escape = Vector128.Create((byte)'\\');
            var control = Vector128.Create((byte)0x1F);
            for (; at <= s.Length - Vector128<byte>.Count; at += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)at);
                var stops = Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, escape) | Vector128.Equals(Vector128.Min(bytes, control), bytes);
                if (stops != Vector128<byte>.Zero)
                {
                    return at + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                }
            }
        }

        for (; at < s.Length; at++)
        {
            if (s[at] is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>JSON's whitespace (space, tab, CR, LF); most values follow their colon or comma directly, so that case returns at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SkipSpace(ReadOnlySpan<byte> s, ref int i)
    {
        if ((uint)i < (uint)s.Length && s[i] > ' ')
        {
            return;
        }

        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool At(ReadOnlySpan<byte> s, int i, byte b) => i < s.Length && s[i] == b;
}
