namespace TokenGovernor.Usage.Tail;

/// <summary>
/// How far a log file has been read, and what identifies it: its length and modification time (unchanged → nothing to
/// read), and a hash of its first <see cref="HeadLength"/> bytes (changed → the file was replaced and is read again).
/// </summary>
public readonly record struct TailPosition(long Offset, long Length, long ModifiedTicks, int HeadLength, ulong HeadHash)
{
    /// <summary>How many bytes from the start identify a file (its first line, usually).</summary>
    public const int HeadBytes = 4096;
}

/// <summary>What one read of a file gave: whole new lines (from <see cref="From"/>), and whether the file was read from the start again.</summary>
public sealed record TailRead(byte[] Lines, long From, bool Restarted, TailPosition Position)
{
    public static TailRead Unchanged(TailPosition position) => new([], position.Offset, false, position);
}
