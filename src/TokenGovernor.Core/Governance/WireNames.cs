namespace TokenGovernor.Core.Governance;

/// <summary>Maps a small enum to its wire strings and back, so each enum lists its names once.</summary>
internal sealed class WireNames<T>(params (T Value, string Wire)[] names)
    where T : struct, Enum
{
    public string ToWire(T value)
    {
        foreach (var (candidate, wire) in names)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return wire;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

    public bool TryParse(string? wire, out T value)
    {
        foreach (var (candidate, name) in names)
        {
            if (string.Equals(name, wire?.Trim(), StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string Choices => string.Join(", ", names.Select(name => name.Wire));
}
