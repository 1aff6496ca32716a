using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Locks;

/// <summary>
/// An exclusive flock(2) on a directory, held while a lock file in it is inspected and replaced, so that
/// two processes that both find a stale lock cannot both take it over. The kernel drops it if we die.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private int _fd;

    private DirectoryLock(int fd) => _fd = fd;

    public static DirectoryLock Acquire(string directory)
    {
        var fd = Libc.Open(directory, Libc.OpenReadOnly | Libc.OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open '{directory}' to lock it (errno {Marshal.GetLastPInvokeError()}).");
        }

        // Blocking is fine: holders only read, delete and create one small file.
        while (Libc.Flock(fd, Libc.LockExclusive) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.Eintr)
            {
                Libc.Close(fd);
                throw new IOException($"Cannot lock '{directory}' (errno {errno}).");
            }
        }

        return new DirectoryLock(fd);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
