using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// A deduplication key kept in 16 bytes instead of a string: a 128-bit hash (MurmurHash3, x64 128-bit variant) of the
/// UTF-8 text ccusage builds, <c>message.id + ":" + requestId</c> (or <c>message.id</c> alone without a request id).
/// Two different keys share a hash with a chance of about n²/2¹²⁹ — for a billion log lines, below 10⁻²¹.
/// <see cref="None"/> (all zero) means the line has no key and is never deduplicated.
/// </summary>
internal readonly record struct DedupKey(ulong Low, ulong High)
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    public static readonly DedupKey None;

    public bool IsNone => Low == 0 && High == 0;

    public bool Equals(DedupKey other) => Low == other.Low && High == other.High;

    /// <summary>The low half is already well mixed.</summary>
    public override int GetHashCode() => (int)Low;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DedupKey Of(ReadOnlySpan<byte> text)
    {
        ulong h1 = 0, h2 = 0;
        var blocks = text.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(text.Slice(i * 16, 8));
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(text.Slice((i * 16) + 8, 8));
            h1 ^= MixK1(k1);
            h1 = (BitOperations.RotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= MixK2(k2);
            h2 = (BitOperations.RotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }

        var tail = text[(blocks * 16)..];
        if (tail.Length > 0)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            tail.CopyTo(padded);
            if (tail.Length > 8)
            {
                h2 ^= MixK2(BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
            }

            h1 ^= MixK1(BinaryPrimitives.ReadUInt64LittleEndian(padded));
        }

        h1 ^= (ulong)text.Length;
        h2 ^= (ulong)text.Length;
        h1 += h2;
        h2 += h1;
        h1 = Finish(h1);
        h2 = Finish(h2);
        h1 += h2;
        h2 += h1;

        // All zero is reserved for "no key"; a real key landing there (chance 2⁻¹²⁸) is moved off it.
        return h1 == 0 && h2 == 0 ? new DedupKey(1, 0) : new DedupKey(h1, h2);
    }

    private static ulong MixK1(ulong k) => BitOperations.RotateLeft(k * C1, 31) * C2;

    private static ulong MixK2(ulong k) => BitOperations.RotateLeft(k * C2, 33) * C1;

    private static ulong Finish(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
