using System.Runtime.InteropServices;

namespace TokenGovernor.Agents.Native;

/// <summary>The few libc calls .NET does not expose: signalling a process group and advisory directory locks.</summary>
internal static partial class Libc
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public const int Eperm = 1;
    public const int Esrch = 3;
    public const int Eintr = 4;

    public const int OpenReadOnly = 0;

    // Same value on x86-64 and arm64, unlike O_DIRECTORY.
    public const int OpenCloseOnExec = 0x80000;

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
}
