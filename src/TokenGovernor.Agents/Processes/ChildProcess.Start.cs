using System.Collections;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Processes;

/// <summary>Why a program could not be executed, as a shell would report it: 127 when not found, 126 otherwise.</summary>
internal sealed record CannotExecute(int ExitCode, string Message);

internal sealed partial class ChildProcess
{
    /// <summary>The child's ends of its standard pipes; a negative stdin means /dev/null.</summary>
    private readonly record struct StandardDescriptors(int Stdin, int Stdout, int Stderr);

    private const string Shell = "/bin/sh";
    private const string NullDevice = "/dev/null";

    /// <summary>
    /// Starts the program; false, with what a shell would print and exit with, when it cannot be executed.
    /// </summary>
    /// <exception cref="Win32Exception">The working directory cannot be entered, or the system refused to spawn.</exception>
    public static bool TryStart(ProcessSpec spec, [NotNullWhen(true)] out ChildProcess? child, [NotNullWhen(false)] out CannotExecute? failure)
    {
        child = null;
        failure = null;
        var environment = EnvironmentFor(spec, out var path);
        var (program, error) = ProgramLookup.Resolve(spec.FileName, path, spec.WorkingDirectory);
        if (program is not null)
        {
            using var stdin = spec.Stdin is null ? null : new PipeDescriptors();
            using var stdout = new PipeDescriptors();
            using var stderr = new PipeDescriptors();
            var fds = new StandardDescriptors(stdin?.ReadEnd ?? -1, stdout.WriteEnd, stderr.WriteEnd);
            var pid = Spawn(program, [spec.FileName, .. spec.Arguments], environment, spec.WorkingDirectory, fds, out error);
            if (error == Libc.Enoexec)
            {
                // execvp(3) runs a file without a #! line with the shell; posix_spawn does not.
                pid = Spawn(Shell, [Shell, program, .. spec.Arguments], environment, spec.WorkingDirectory, fds, out error);
            }

            if (error == 0)
            {
                child = new ChildProcess(pid, stdin?.TakeWriteEnd() ?? -1, stdout.TakeReadEnd(), stderr.TakeReadEnd());
                return true;
            }
        }

        ThrowIfWorkingDirectoryUnusable(spec);
        if (error is not (Libc.Enoent or Libc.Eacces or Libc.Enoexec))
        {
            throw new Win32Exception(error, $"Cannot start '{spec.FileName}': {Marshal.GetPInvokeErrorMessage(error)}");
        }

        failure = new CannotExecute(error == Libc.Enoent ? 127 : 126, $"token-gov: failed to execute {spec.FileName}: {Marshal.GetPInvokeErrorMessage(error)}");
        return false;
    }

    private static unsafe int Spawn(string program, string[] argv, string[] environment, string workingDirectory, StandardDescriptors fds, out int error)
    {
        var attributes = NativeMemory.AllocZeroed(PosixSpawn.OpaqueSize);
        var fileActions = NativeMemory.AllocZeroed(PosixSpawn.OpaqueSize);
        var signalMask = NativeMemory.AllocZeroed(PosixSpawn.OpaqueSize);
        var signalDefaults = NativeMemory.AllocZeroed(PosixSpawn.OpaqueSize);
        try
        {
            Check(PosixSpawn.AttrInit(attributes));
            Check(PosixSpawn.FileActionsInit(fileActions));
            try
            {
                // The child starts with no signal blocked, whatever the mask of the thread we happen to run on,
                // and with the dispositions a fork and exec would give it: handlers reset, ignored stays ignored.
                _ = PosixSpawn.SignalSetEmpty(signalMask);
                PosixSpawn.SetInternalSignals(signalDefaults);
                Check(PosixSpawn.AttrSetSignalMask(attributes, signalMask));
                Check(PosixSpawn.AttrSetSignalDefault(attributes, signalDefaults));
                Check(PosixSpawn.AttrSetFlags(attributes, PosixSpawn.SetSession | PosixSpawn.SetSignalMask | PosixSpawn.SetSignalDefault));
                Check(fds.Stdin >= 0
                    ? PosixSpawn.FileActionsAddDup2(fileActions, fds.Stdin, 0)
                    : PosixSpawn.FileActionsAddOpen(fileActions, 0, NullDevice, Libc.OpenReadOnly, 0));
                Check(PosixSpawn.FileActionsAddDup2(fileActions, fds.Stdout, 1));
                Check(PosixSpawn.FileActionsAddDup2(fileActions, fds.Stderr, 2));
                if (workingDirectory.Length > 0)
                {
                    Check(PosixSpawn.FileActionsAddChdir(fileActions, workingDirectory));
                }

                using var nativeArgv = new NativeStringArray(argv);
                using var nativeEnvironment = new NativeStringArray(environment);
                int pid;
                error = PosixSpawn.Spawn(&pid, program, fileActions, attributes, nativeArgv.Pointers, nativeEnvironment.Pointers);
                return error == 0 ? pid : 0;
            }
            finally
            {
                _ = PosixSpawn.FileActionsDestroy(fileActions);
                _ = PosixSpawn.AttrDestroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(signalDefaults);
            NativeMemory.Free(signalMask);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
        }

        static void Check(int result)
        {
            if (result != 0)
            {
                throw new Win32Exception(result, $"Cannot prepare posix_spawn: {Marshal.GetPInvokeErrorMessage(result)}");
            }
        }
    }

    /// <summary>The inherited environment with the spec's overrides, as NAME=value strings; also the child's PATH.</summary>
    private static string[] EnvironmentFor(ProcessSpec spec, out string? path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        path = variables.GetValueOrDefault("PATH");
        var result = new string[variables.Count];
        var i = 0;
        foreach (var (name, value) in variables)
        {
            result[i++] = $"{name}={value}";
        }

        return result;
    }

    // As System.Diagnostics.Process does for a working directory it cannot enter.
    private static void ThrowIfWorkingDirectoryUnusable(ProcessSpec spec)
    {
        if (spec.WorkingDirectory.Length > 0 && Libc.Access(spec.WorkingDirectory, Libc.AccessExecute) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new Win32Exception(error, $"An error occurred trying to start process '{spec.FileName}' with working directory '{spec.WorkingDirectory}'. {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }
}
