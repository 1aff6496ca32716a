// A scripted stand-in for an agent: each argument is a step, run in order.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

if (args.Length > 0 && args[0] == "--claude-stream")
{
    return ClaudeStream.Run(args[1..]);
}

if (args.Length > 0 && CliStream.Modes.Contains(args[0]))
{
    return CliStream.Run(args[0], args[1..]);
}

Console.WriteLine($"pid: {Environment.ProcessId}");

PosixSignalRegistration? sigtermHandler = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--print":
            Console.WriteLine(args[++i]);
            break;
        case "--stderr":
            Console.Error.WriteLine(args[++i]);
            break;
        case "--sleep":
            Thread.Sleep(Number(args[++i]));
            break;
        case "--print-every":
            var interval = Number(args[++i]);
            var count = i + 2 < args.Length && args[i + 1] == "--count" ? Number(args[i += 2]) : 1;
            for (var line = 1; line <= count; line++)
            {
                Thread.Sleep(interval);
                Console.WriteLine($"line {line}");
            }

            break;
        case "--ignore-sigterm":
            sigtermHandler = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
            break;
        case "--spawn-grandchild":
            Console.WriteLine($"grandchild-pid: {SpawnSleep(args[++i], ignoreSigterm: sigtermHandler is not null)}");
            break;
        case "--write-file":
            File.WriteAllText(args[i + 1], args[i + 2]);
            i += 2;
            break;
        case "--exit":
            return Number(args[++i]);
        default:
            Console.Error.WriteLine($"dummy-agent: unknown argument '{args[i]}'");
            return 2;
    }
}

GC.KeepAlive(sigtermHandler);
return 0;

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

// The grandchild inherits our stdout, so it holds the pipe open after we exit. When we ignore SIGTERM it
// does too: an ignored signal survives exec, a .NET handler would not.
static int SpawnSleep(string seconds, bool ignoreSigterm)
{
    var start = ignoreSigterm
        ? new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"trap '' TERM; exec sleep {Number(seconds)}" } }
        : new ProcessStartInfo("sleep") { ArgumentList = { seconds } };
    using var process = Process.Start(start)!;
    return process.Id;
}
