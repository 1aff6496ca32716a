namespace TokenGovernor.Usage.Tail;

/// <summary>
/// Reads only what was appended to log files since the last read. Per file it remembers the offset after the last
/// whole line, the length and time it had, and a hash of its first bytes: an unchanged length and time means nothing is
/// read (one stat per file); a file shorter than the offset (truncated) or with different first bytes (replaced) is
/// read again from the start. A last line without its newline yet is left for the next read.
/// </summary>
public sealed class LogTail(IDictionary<string, TailPosition>? positions = null)
{
    public IDictionary<string, TailPosition> Positions { get; } = positions ?? new Dictionary<string, TailPosition>(StringComparer.Ordinal);

    public TailRead Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            Positions.Remove(path);
            return TailRead.Unchanged(default);
        }

        var known = Positions.TryGetValue(path, out var position);
        if (known && position.Length == info.Length && position.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
        {
            return TailRead.Unchanged(position);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var length = stream.Length;
        var restart = known && (length < position.Offset || Hash(stream, position.HeadLength) != position.HeadHash);
        var from = known && !restart ? position.Offset : 0;
        var bytes = new byte[length - from];
        stream.Position = from;
        stream.ReadExactly(bytes);
        var whole = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        var offset = from + whole;
        var headLength = (int)Math.Min(TailPosition.HeadBytes, offset);
        var next = new TailPosition(offset, length, info.LastWriteTimeUtc.Ticks, headLength, Hash(stream, headLength));
        Positions[path] = next;
        return new TailRead(whole == bytes.Length ? bytes : bytes[..whole], from, restart, next);
    }

    /// <summary>FNV-1a over the first <paramref name="count"/> bytes.</summary>
    private static ulong Hash(FileStream stream, int count)
    {
        var head = new byte[count];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, count, throwOnEndOfStream: false);
        var hash = 14695981039346656037UL;
        foreach (var b in head.AsSpan(0, read))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return read < count ? ~hash : hash;
    }
}
