using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace TokenGovernor.Usage.Ingest;

/// <summary>What one <c>statx</c> call tells about a path: its kind, inode, length and modification time.</summary>
internal readonly record struct FileStat(int Mode, ulong Inode, long Length, long ModifiedTicks)
{
    private const int KindMask = 0xF000;

    public bool IsDirectory => (Mode & KindMask) == 0x4000;

    public bool IsRegularFile => (Mode & KindMask) == 0x8000;
}

/// <summary>
/// Linux's <c>statx</c> over a NUL-terminated UTF-8 path held in a caller's buffer: a status call with no string and no
/// allocation per file, and the inode, which .NET's file APIs do not give. The layout of <c>struct statx</c> is the same
/// on every Linux architecture. Times are in .NET ticks exactly as <see cref="FileInfo.LastWriteTimeUtc"/> gives them.
/// </summary>
internal sealed class FileStatus
{
    public const int NoSuchFile = 2;
    public const int NotAFolder = 20;

    private const int CurrentFolder = -100;
    private const int PathOnly = 0x200000; // O_PATH: the same on every Linux architecture .NET runs on
    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    private const int NoFollow = 0x100;
    private const uint Wanted = 0x1 | 0x2 | 0x40 | 0x100 | 0x200; // type, mode, mtime, ino, size
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int ModifiedOffset = 112;

    private readonly byte[] _buffer = new byte[256];

    /// <summary>Whether <c>statx</c> can be called here (Linux with a C library that has it); checked once.</summary>
    public static bool Available { get; } = Probe();

    /// <summary>
    /// The status of <paramref name="path"/> (NUL-terminated); a link itself unless <paramref name="follow"/>.
    /// Returns 0, or the error number (<see cref="NoSuchFile"/>, <see cref="NotAFolder"/>, …).
    /// </summary>
    public int Get(byte[] path, bool follow, out FileStat stat) => Get(CurrentFolder, path, follow, out stat);

    /// <summary>As <see cref="Get(byte[], bool, out FileStat)"/>, for a path relative to an open <paramref name="folder"/> (see <see cref="OpenFolder"/>).</summary>
    public int Get(int folder, byte[] path, bool follow, out FileStat stat)
    {
        if (Native(folder, path, follow ? 0 : NoFollow, Wanted, _buffer) != 0)
        {
            stat = default;
            return Marshal.GetLastPInvokeError();
        }

        var span = _buffer.AsSpan();
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(span[ModifiedOffset..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(span[(ModifiedOffset + 8)..]);
        stat = new FileStat(
            BinaryPrimitives.ReadUInt16LittleEndian(span[ModeOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[InodeOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[SizeOffset..]),
            DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
        return 0;
    }

    /// <summary>
    /// <paramref name="path"/> with every link in it resolved, as UTF-8 without a NUL, or null if it cannot be resolved.
    /// Status calls through it skip resolving those links again for every file.
    /// </summary>
    public static byte[]? RealPath(string path)
    {
        var resolved = new byte[4096];
        if (RealPathNative(Encoding.UTF8.GetBytes(path + "\0"), resolved) == IntPtr.Zero)
        {
            return null;
        }

        var end = Array.IndexOf(resolved, (byte)0);
        return end > 0 ? resolved[..end] : null;
    }

    /// <summary>
    /// Opens <paramref name="path"/> (a folder) for status calls relative to it, which then walk only the path below it;
    /// returns the descriptor, or -1. Close it with <see cref="CloseFolder"/>.
    /// </summary>
    public static int OpenFolder(byte[] path)
    {
        var terminated = new byte[path.Length + 1];
        path.CopyTo(terminated, 0);
        return OpenNative(terminated, PathOnly | CloseOnExec);
    }

    public static void CloseFolder(int folder)
    {
        if (folder >= 0)
        {
            _ = CloseNative(folder);
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian)
        {
            return false;
        }

        try
        {
            return new FileStatus().Get("/\0"u8.ToArray(), follow: true, out var root) == 0 && root.IsDirectory;
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Native(int folder, byte[] path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "open")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int OpenNative(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int CloseNative(int descriptor);

    [DllImport("libc", EntryPoint = "realpath")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr RealPathNative(byte[] path, [Out] byte[] resolved);
}
