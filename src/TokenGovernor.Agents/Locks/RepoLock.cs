using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Locks;

/// <summary>
/// One run at a time per repository, across processes: a lock file naming the holder, taken over only when
/// the holder is provably gone (same host, and its pid is dead or now belongs to another process).
/// </summary>
public sealed class RepoLock : IDisposable
{
    private const string GitLockName = "token-gov.lock";
    private const string PlainLockName = ".token-gov.lock";

    // Our start time never changes; reading /proc/self/stat on every acquire cost a file open and a parse.

    private readonly byte[] _content;
    private int _released;

    private RepoLock(string path, RepoLockInfo info, byte[] content)
    {
        Path = path;
        Info = info;
        _content = content;
    }

    public RepoLockInfo Info { get; }

    public string Path { get; }

    /// <summary>Inside .git when the repository has one, so that the lock never shows up as a change.</summary>
    public static string LockPathFor(string repoDirectory)
    {
        var git = System.IO.Path.Combine(repoDirectory, ".git");
        return Directory.Exists(git) ? System.IO.Path.Combine(git, GitLockName) : System.IO.Path.Combine(repoDirectory, PlainLockName);
    }

    /// <summary>The lock, or null when a live holder (in this or another process) has it.</summary>
    public static RepoLock? TryAcquire(string repoDirectory, string runId, string taskId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var path = LockPathFor(repoDirectory);
        var owner = ProcessOwner.Current;
        var info = new RepoLockInfo(owner.Pid, owner.StartTicks, owner.Host, runId, taskId, time.GetUtcNow());
        var content = RepoLockFile.SerializeToUtf8(info);

        using (DirectoryLock.Acquire(System.IO.Path.GetDirectoryName(path)!))
        {
            if (RepoLockFile.Read(path) is { } holder)
            {
                if (!IsStale(holder))
                {
                    return null;
                }

                File.Delete(path);
            }

            return RepoLockFile.TryCreate(path, content) ? new RepoLock(path, info, content) : null;
        }
    }

    /// <summary>The holder, or null when there is no lock; an unreadable lock file reads as pid 0 (stale).</summary>
    public static RepoLockInfo? Read(string repoDirectory) => RepoLockFile.Read(LockPathFor(repoDirectory));

    /// <summary>
    /// True when the holder is provably gone. A lock from another host is never stale: its pid cannot be
    /// checked here, and `token-gov unlock` is the way out.
    /// </summary>
    public static bool IsStale(RepoLockInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Pid <= 0 || new ProcessOwner(info.Pid, info.ProcessStartTicks, info.Host).IsGone;
    }

    /// <summary>Deletes the lock whoever holds it; true if there was one.</summary>
    public static bool Remove(string repoDirectory)
    {
        var path = LockPathFor(repoDirectory);
        using (DirectoryLock.Acquire(System.IO.Path.GetDirectoryName(path)!))
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
    }

    /// <summary>Releases the lock; the file is left alone if it no longer names us (removed and retaken).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        using (DirectoryLock.Acquire(directory))
        {
            // Still the bytes we wrote, the usual case, means still ours without parsing anything.
            if (RepoLockFile.ReadBytes(Path) is { } content && (content.AsSpan().SequenceEqual(_content) || RepoLockFile.Parse(Path, content) == Info))
            {
                File.Delete(Path);
            }
        }
    }
}
