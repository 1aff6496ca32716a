using System.Runtime.InteropServices;
using TokenGovernor.Engine.Execution;

namespace TokenGovernor.Cli.Output;

/// <summary>First SIGINT/SIGTERM: stop gracefully (no new tasks, TERM then KILL). Second: kill at once.</summary>
internal sealed class SignalHandler : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private SignalHandler(StopRequest stop, TextWriter diagnostics)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, "SIGINT", stop, diagnostics)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, "SIGTERM", stop, diagnostics)),
        ];
    }

    public static SignalHandler Install(StopRequest stop, TextWriter diagnostics) => new(stop, diagnostics);

    private static void Handle(PosixSignalContext context, string name, StopRequest stop, TextWriter diagnostics)
    {
        // The run ends on its own terms: it writes the partial report and releases locks before exiting.
        context.Cancel = true;
        diagnostics.WriteLine(stop.Request(name)
            ? $"{name}: stopping — no new tasks; running agents get TERM, then KILL. Press Ctrl+C again to kill at once."
            : $"{name}: killing every running agent now.");
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
