using System.IO.Pipes;
using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// A child started with posix_spawn as the leader of a new session and process group (pid = pgid), its
/// stdout and stderr as pipes and its stdin on /dev/null. We reap it ourselves: .NET's SIGCHLD handling only
/// waits for children that System.Diagnostics.Process started.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    // waitpid and a task completion need little stack; the default would reserve megabytes per child.
    private const int WaitThreadStackSize = 128 * 1024;

    private ChildProcess(int pid, int stdoutFd, int stderrFd)
    {
        Pid = pid;
        Exited = WaitInBackground(pid);
        StandardOutput = OpenPipe(stdoutFd);
        StandardError = OpenPipe(stderrFd);
    }

    public int Pid { get; }

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    /// <summary>Completes once the child has exited and been reaped.</summary>
    public Task<ExitStatus> Exited { get; }

    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }

    // A pipe stream reads through epoll, like Process's own streams, so a quiet child holds no thread.
    private static AnonymousPipeClientStream OpenPipe(int fd) =>
        new(PipeDirection.In, new Microsoft.Win32.SafeHandles.SafePipeHandle(fd, ownsHandle: true));

    private static Task<ExitStatus> WaitInBackground(int pid)
    {
        var exited = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => exited.SetResult(Reap(pid)), WaitThreadStackSize) { IsBackground = true };
        thread.Start();
        return exited.Task;
    }

    private static unsafe ExitStatus Reap(int pid)
    {
        int status;
        while (Libc.WaitPid(pid, &status, 0) != pid)
        {
            if (Marshal.GetLastPInvokeError() != Libc.Eintr)
            {
                return ExitStatus.Unknown;
            }
        }

        return ExitStatus.FromWaitStatus(status);
    }
}
