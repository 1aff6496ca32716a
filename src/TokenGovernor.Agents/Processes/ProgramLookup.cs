using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// Finds the file to execute for a program name the way execvp(3) does, but with the child's PATH (the spec
/// may change it) and relative entries taken from the child's working directory.
/// </summary>
internal static class ProgramLookup
{
    // glibc's execvp default when PATH is unset.
    private const string DefaultPath = "/bin:/usr/bin";

    /// <summary>The path to pass to posix_spawn, or an error number (ENOENT, EACCES) when nothing can run.</summary>
    public static (string? Path, int Error) Resolve(string program, string? path, string workingDirectory)
    {
        if (program.Length == 0)
        {
            return (null, Libc.Enoent);
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            return (program, 0);
        }

        // Like execvp: a candidate that exists but cannot run is skipped, and remembered for the error.
        var sawDenied = false;
        foreach (var directory in (path ?? DefaultPath).Split(':'))
        {
            var candidate = directory.Length == 0 ? program : System.IO.Path.Combine(directory, program);
            var full = System.IO.Path.Combine(workingDirectory, candidate);

            // One access(2) answers the common miss; a directory passes X_OK but cannot be executed.
            if (Libc.Access(full, Libc.AccessExecute) == 0)
            {
                if (File.Exists(full))
                {
                    return (candidate, 0);
                }

                sawDenied = true;
            }
            else if (Marshal.GetLastPInvokeError() == Libc.Eacces)
            {
                sawDenied = true;
            }
        }

        return (null, sawDenied ? Libc.Eacces : Libc.Enoent);
    }
}
