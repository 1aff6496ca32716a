using System.Runtime.CompilerServices;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Deduplication keys → a position, as an open-addressing table over flat arrays (no per-entry objects, and code that
/// is compiled fully optimised at once rather than warming up through the tiers a generic dictionary would).
/// </summary>
internal sealed class KeyIndex
{
    private DedupKey[] _keys;
    private int[] _slots;
    private int _count;
    private int _mask;

    public KeyIndex(int capacity = 64)
    {
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _keys = new DedupKey[size];
        _slots = new int[size];
        _mask = size - 1;
    }

    public int Count => _count;

    /// <summary>The value stored for <paramref name="key"/> (never <see cref="DedupKey.None"/>), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(DedupKey key)
    {
        var at = (int)key.Low & _mask;
        while (true)
        {
            var slot = _slots[at];
            if (slot == 0)
            {
                return -1;
            }

            if (_keys[at].Equals(key))
            {
                return slot - 1;
            }

            at = (at + 1) & _mask;
        }
    }

    /// <summary>Stores <paramref name="value"/> (≥ 0) for a key not yet present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(DedupKey key, int value)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        Place(key, value);
        _count++;
    }

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_slots);
            _count = 0;
        }
    }

    private void Place(DedupKey key, int value)
    {
        var at = (int)key.Low & _mask;
        while (_slots[at] != 0)
        {
            at = (at + 1) & _mask;
        }

        _keys[at] = key;
        _slots[at] = value + 1;
    }

    private void Grow()
    {
        var keys = _keys;
        var slots = _slots;
        _keys = new DedupKey[keys.Length * 2];
        _slots = new int[keys.Length * 2];
        _mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (slots[i] != 0)
            {
                Place(keys[i], slots[i] - 1);
            }
        }
    }
}
