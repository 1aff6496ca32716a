using System.Runtime.InteropServices;

namespace TokenGovernor.Agents.Native;

/// <summary>
/// The few libc calls .NET does not expose: signalling a process group, advisory directory locks, and the
/// pipes and waits of the children we spawn ourselves (see <see cref="PosixSpawn"/>).
/// </summary>
internal static partial class Libc
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public const int Eperm = 1;
    public const int Esrch = 3;
    public const int Eintr = 4;
    public const int Enoent = 2;
    public const int Enoexec = 8;
    public const int Echild = 10;
    public const int Eacces = 13;

    public const int OpenReadOnly = 0;

    // Same value on x86-64 and arm64, unlike O_DIRECTORY.
    public const int OpenCloseOnExec = 0x80000;

    public const int AccessExecute = 1;

    public const int LockExclusive = 2;
    public const int LockUnlock = 8;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>fds[0] is the read end, fds[1] the write end.</summary>
    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static unsafe partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);
}
