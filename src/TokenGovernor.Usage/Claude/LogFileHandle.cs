using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// A log file open for reading at offsets. On Linux straight through libc's open, pread and close: a .NET file handle
/// also takes and releases a shared <c>flock</c> and stats the file when it opens, three system calls per file that a
/// reader of thousands of files has no use for. Elsewhere a .NET handle.
/// </summary>
internal readonly partial struct LogFileHandle : IDisposable
{
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const int NoSuchFile = 2;
    private const int Interrupted = 4;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;

    private readonly int _descriptor;
    private readonly SafeFileHandle? _handle;

    private LogFileHandle(int descriptor, SafeFileHandle? handle)
    {
        _descriptor = descriptor;
        _handle = handle;
    }

    /// <summary>Opens <paramref name="path"/>; a missing file is a <see cref="FileNotFoundException"/>, as with <see cref="File.OpenHandle"/>.</summary>
    public static LogFileHandle Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new LogFileHandle(-1, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }

        while (true)
        {
            var descriptor = OpenFile(path, ReadOnlyCloseOnExec);
            if (descriptor >= 0)
            {
                return new LogFileHandle(descriptor, null);
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw Failure(error, path);
            }
        }
    }

    /// <summary>One read of up to <paramref name="buffer"/>'s length from <paramref name="offset"/> (a log is a regular file: fewer bytes means its end).</summary>
    public int Read(Span<byte> buffer, long offset, string path)
    {
        if (_handle is not null)
        {
            return RandomAccess.Read(_handle, buffer, offset);
        }

        while (true)
        {
            var read = ReadAt(_descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length, offset);
            if (read >= 0)
            {
                return (int)read;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw Failure(error, path);
            }
        }
    }

    public void Dispose()
    {
        if (_handle is not null)
        {
            _handle.Dispose();
        }
        else if (_descriptor >= 0)
        {
            _ = CloseFile(_descriptor);
        }
    }

    private static Exception Failure(int error, string path) => error switch
    {
        NoSuchFile or NotADirectory => new FileNotFoundException($"Could not find file '{path}'.", path),
        AccessDenied => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
        _ => new IOException($"{Marshal.GetPInvokeErrorMessage(error)} : '{path}'"),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint ReadAt(int descriptor, ref byte buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFile(int descriptor);
}
