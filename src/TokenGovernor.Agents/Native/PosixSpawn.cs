using System.Runtime.InteropServices;

namespace TokenGovernor.Agents.Native;

/// <summary>
/// glibc's posix_spawn(3). Each function returns 0 or an error number; errno is not used. The attribute and
/// file-action structures are opaque: callers allocate <see cref="OpaqueSize"/> bytes, far more than glibc's
/// 336 and 80, and pass pointers.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    public const int OpaqueSize = 1024;

    // From glibc's spawn.h; POSIX_SPAWN_SETSID needs glibc 2.26, addchdir_np 2.29.
    public const short SetSignalDefault = 0x04;
    public const short SetSignalMask = 0x08;
    public const short SetSession = 0x80;

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Spawn(int* pid, string path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttrSetSignalMask(void* attributes, void* signalSet);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttrSetSignalDefault(void* attributes, void* signalSet);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddOpen(void* fileActions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddChdir(void* fileActions, string path);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SignalSetEmpty(void* signalSet);

    /// <summary>
    /// A signal set holding glibc's two internal signals (32 and 33, below SIGRTMIN). glibc's spawn helper
    /// leaves them ignored in the child, and an ignored signal stays ignored across exec, unless they are
    /// named in the set reset to default. sigaddset refuses them, so the bits are set directly: signal n is
    /// bit n-1 of the set's first 64-bit word.
    /// </summary>
    public static void SetInternalSignals(void* signalSet) => *(ulong*)signalSet = (1UL << 31) | (1UL << 32);
}
