using System.Runtime.InteropServices;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary>
/// A process that writes past its file size limit (<c>ulimit -f</c>) gets SIGXFSZ, which ends it unless ignored.
/// The service ignores it, so the write fails with an error instead: the request that needed it is refused with a
/// 503, and the service keeps answering everything else.
/// </summary>
internal static class FileSizeSignal
{
    private const int SigXfsz = 25; // SIGXFSZ on Linux
    private static readonly nint Ignore = 1; // SIG_IGN

    public static void IgnoreOnLinux()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Signal(SigXfsz, Ignore);
        }
    }

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);
}
