using System.ComponentModel;
using System.Runtime.InteropServices;

namespace TokenGovernor.Agents.Native;

/// <summary>
/// Both ends of a pipe, close-on-exec so that no other child inherits them. Disposing closes whatever was not
/// taken: the parent's write end must go once the child has its copy, or the reader never sees end of file.
/// </summary>
internal sealed unsafe class PipeDescriptors : IDisposable
{
    private int _readEnd;
    private int _writeEnd;

    public PipeDescriptors()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.OpenCloseOnExec) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new Win32Exception(error, $"Cannot create a pipe: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        _readEnd = fds[0];
        _writeEnd = fds[1];
    }

    public int ReadEnd => _readEnd;

    public int WriteEnd => _writeEnd;

    /// <summary>Hands the read end over to its new owner; it is no longer closed here.</summary>
    public int TakeReadEnd() => Interlocked.Exchange(ref _readEnd, -1);

    /// <summary>Hands the write end over to its new owner; it is no longer closed here.</summary>
    public int TakeWriteEnd() => Interlocked.Exchange(ref _writeEnd, -1);

    public void Dispose()
    {
        Close(ref _readEnd);
        Close(ref _writeEnd);
    }

    private static void Close(ref int fd)
    {
        var taken = Interlocked.Exchange(ref fd, -1);
        if (taken >= 0)
        {
            Libc.Close(taken);
        }
    }
}
