using System.Buffers.Binary;
using System.Text;

namespace TokenGovernor.Usage.Ingest;

/// <summary>
/// The saved listing of one log tree, as one blob: per folder (in pre-order) its path relative to the tree, inode and
/// modification time (0 when it was too recent to trust), its log files with the length, time and inode they had when
/// their content was last taken in, and its subfolders. A folder whose inode and time are unchanged holds the same
/// entries, so it needs no directory read; each file still needs its status, since appending changes only the file.
/// </summary>
/// <remarks>
/// Layout (little-endian): "TGLI", version byte; then per folder: u16 length + UTF-8 relative path, u64 inode,
/// i64 time, i32 file count, per file (u16 length + UTF-8 name, i64 length, i64 time, u64 inode), i32 subfolder count,
/// per subfolder (u16 length + UTF-8 name). A file length of -1 means "not taken in": it is read next time.
/// </remarks>
internal sealed class LogTreeIndex
{
    public const byte Version = 1;
    public const int FileNumbersBytes = 24;

    private readonly Dictionary<string, Folder> _folders;

    private LogTreeIndex(byte[] blob, Dictionary<string, Folder> folders)
    {
        Blob = blob;
        _folders = folders;
    }

    public static ReadOnlySpan<byte> Magic => "TGLI"u8;

    public byte[] Blob { get; }

    /// <summary>The index in <paramref name="blob"/>, or null when there is none or it is not one this build wrote.</summary>
    public static LogTreeIndex? Parse(byte[]? blob)
    {
        if (blob is null || blob.Length < Magic.Length + 1 || !blob.AsSpan().StartsWith(Magic) || blob[Magic.Length] != Version)
        {
            return null;
        }

        var folders = new Dictionary<string, Folder>(StringComparer.Ordinal);
        try
        {
            var at = Magic.Length + 1;
            while (at < blob.Length)
            {
                var relative = Encoding.UTF8.GetString(Name(blob, ref at));
                var inode = BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(at));
                var modified = BinaryPrimitives.ReadInt64LittleEndian(blob.AsSpan(at + 8));
                var files = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at + 16));
                at += 20;
                var filesAt = at;
                for (var i = 0; i < files; i++)
                {
                    Name(blob, ref at);
                    at += FileNumbersBytes;
                }

                var subfolders = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at));
                at += 4;
                var subfoldersAt = at;
                for (var i = 0; i < subfolders; i++)
                {
                    Name(blob, ref at);
                }

                if (at > blob.Length || files < 0 || subfolders < 0 || !folders.TryAdd(relative, new Folder(inode, modified, filesAt, files, subfoldersAt, subfolders)))
                {
                    return null;
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }

        return new LogTreeIndex(blob, folders);
    }

    public Folder? Find(string relative) => _folders.GetValueOrDefault(relative);

    /// <summary>Reads a name (u16 length + bytes) at <paramref name="at"/> and moves past it.</summary>
    public static ReadOnlySpan<byte> Name(byte[] blob, ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(at));
        var name = blob.AsSpan(at + 2, length);
        at += 2 + length;
        return name;
    }

    /// <summary>One folder's record: where its files and subfolders are in the blob (a class: a dictionary of structs would be compiled at start-up).</summary>
    internal sealed record Folder(ulong Inode, long ModifiedTicks, int FilesAt, int FileCount, int SubfoldersAt, int SubfolderCount);
}

/// <summary>Writes index records into a growing buffer; numbers written for a file can be changed afterwards.</summary>
internal sealed class LogTreeIndexWriter
{
    private byte[] _bytes = new byte[1 << 14];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Name(ReadOnlySpan<byte> name)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Room(2 + name.Length), checked((ushort)name.Length));
        name.CopyTo(_bytes.AsSpan(Length + 2));
        Length += 2 + name.Length;
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Room(4), value);
        Length += 4;
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Room(8), value);
        Length += 8;
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Room(8), value);
        Length += 8;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Overwrites an <see cref="Int32"/> written at <paramref name="at"/>.</summary>
    public void SetInt32(int at, int value) => BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(at), value);

    private Span<byte> Room(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        return _bytes.AsSpan(Length);
    }
}
