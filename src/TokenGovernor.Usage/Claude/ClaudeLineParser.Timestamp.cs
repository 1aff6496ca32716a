using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TokenGovernor.Usage.Claude;

internal sealed partial class ClaudeLineParser
{
    /// <summary>
    /// ccusage's timestamp rule: <c>^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$</c>, a real calendar time
    /// (so "+00:00" offsets and microseconds do not count).
    /// </summary>
    private static bool TryTimestamp(ref Utf8JsonReader reader, out long milliseconds)
    {
        if (!reader.ValueIsEscaped)
        {
            return TryTimestamp(reader.ValueSpan, out milliseconds);
        }

        var value = reader.GetString()!;
        milliseconds = 0;
        return value.Length <= 24 && value.All(char.IsAscii) && TryTimestamp(System.Text.Encoding.ASCII.GetBytes(value), out milliseconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryTimestamp(ReadOnlySpan<byte> t, out long milliseconds)
    {
        milliseconds = 0;
        var length = t.Length;
        if ((length != 20 && length != 24) || t[^1] != 'Z' || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':'
            || (length == 24 && t[19] != '.'))
        {
            return false;
        }

        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second))
        {
            return false;
        }

        var millis = 0;
        if (length == 24 && !Digits(t, 20, 3, out millis))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        milliseconds = new DateTimeOffset(year, month, day, hour, minute, second, millis, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
