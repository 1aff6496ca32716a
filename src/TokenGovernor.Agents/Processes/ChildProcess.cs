using System.IO.Pipes;
using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// A child started with posix_spawn as the leader of a new session and process group (pid = pgid), its
/// stdout and stderr as pipes and its stdin a pipe or /dev/null. We reap it ourselves: .NET's SIGCHLD handling only
/// waits for children that System.Diagnostics.Process started.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    // waitpid and a task completion need little stack; the default would reserve megabytes per child.
    private const int WaitThreadStackSize = 128 * 1024;

    private ChildProcess(int pid, int stdinFd, int stdoutFd, int stderrFd)
    {
        Pid = pid;
        Exited = WaitInBackground(pid);
        StandardInput = stdinFd < 0 ? null : OpenPipe(stdinFd, PipeDirection.Out);
        StandardOutput = OpenPipe(stdoutFd, PipeDirection.In);
        StandardError = OpenPipe(stderrFd, PipeDirection.In);
    }

    public int Pid { get; }

    /// <summary>The write end of the child's stdin, when it reads from a pipe rather than /dev/null.</summary>
    public Stream? StandardInput { get; }

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    /// <summary>Completes once the child has exited and been reaped.</summary>
    public Task<ExitStatus> Exited { get; }

    public void Dispose()
    {
        StandardInput?.Dispose();
        StandardOutput.Dispose();
        StandardError.Dispose();
    }

    // A pipe stream reads through epoll, like Process's own streams, so a quiet child holds no thread.
    private static AnonymousPipeClientStream OpenPipe(int fd, PipeDirection direction) =>
        new(direction, new Microsoft.Win32.SafeHandles.SafePipeHandle(fd, ownsHandle: true));

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
