using System.Globalization;

namespace TokenGovernor.Usage.Json;

/// <summary>
/// Formats a double the way JavaScript's <c>Number.prototype.toString</c> (and so <c>JSON.stringify</c>) does:
/// the shortest digits that round-trip, plain notation from 1e-7 up to 1e21, exponent form outside
/// (<c>0.000003</c>, <c>1e-7</c>, <c>1.5e+21</c>), so reports can be compared with ccusage's byte for byte.
/// </summary>
public static class JsNumber
{
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null"; // what JSON.stringify writes for them
        }

        if (value == 0)
        {
            return "0"; // -0 too
        }

        // "R" gives the shortest round-trip digits as d[.ddd]E±x.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        if (negative)
        {
            shortest = shortest[1..];
        }

        var (digits, exponent) = Decompose(shortest);
        var body = Layout(digits, exponent);
        return negative ? "-" + body : body;
    }

    /// <summary>Splits a .NET round-trip string into its significant digits and the decimal exponent n (value = 0.digits × 10^n).</summary>
    private static (string Digits, int N) Decompose(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? text : text[..e];
        var exp = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var all = intPart + fracPart;
        var n = intPart.Length + exp;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        all = all[leading..];
        n -= leading;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, n);
    }

    // ECMAScript Number::toString, steps for k digits and exponent n.
    private static string Layout(string digits, int n)
    {
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        var sign = e < 0 ? "-" : "+";
        var mantissa = k == 1 ? digits : digits[0] + "." + digits[1..];
        return mantissa + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
