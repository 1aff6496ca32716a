using System.CommandLine;
using System.Runtime.InteropServices;
using TokenGovernor.Core;
using TokenGovernor.Simulator;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov simulator serve --scenario FILE [--port N] [--log FILE]</c>: the model simulator on loopback.</summary>
internal sealed class SimulatorServeCommand : Command
{
    private readonly Option<string> _scenario = new("--scenario") { Description = "Scenario file (JSON; see docs/simulator.md)", Required = true };
    private readonly Option<int> _port = new("--port") { Description = "Port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 18181 };
    private readonly Option<string?> _log = new("--log") { Description = "Append one JSON line per request served to this file" };

    public SimulatorServeCommand()
        : base("serve", "Serve the Anthropic, OpenAI (Responses, Chat Completions) and Gemini APIs on 127.0.0.1 from a scenario file")
    {
        Options.Add(_scenario);
        Options.Add(_port);
        Options.Add(_log);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var port = parse.GetValue(_port);
        if (port is < 0 or > 65535)
        {
            throw new TokenGovException($"--port {port}: expected 0 (any free port) to 65535");
        }

        ScenarioSet scenarios;
        try
        {
            scenarios = ScenarioLoader.LoadFile(parse.GetValue(_scenario)!);
        }
        catch (ScenarioException error)
        {
            throw new TokenGovException($"scenario: {error.Message}", error);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        SimulatorServer server;
        try
        {
            server = await SimulatorServer.StartAsync(scenarios, port, parse.GetValue(_log), TimeProvider.System, stop.Token);
        }
        catch (IOException error)
        {
            throw new TokenGovException($"cannot listen on 127.0.0.1:{port}: {error.Message}", error, ExitCodes.TaskFailed);
        }

        await using (server)
        {
            await Console.Out.WriteLineAsync(server.Url.ToString().TrimEnd('/'));
            await Console.Out.FlushAsync(CancellationToken.None);
            await Console.Error.WriteLineAsync("Simulator ready (127.0.0.1 only). Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping is what the user asked for.
            }

            await Console.Error.WriteLineAsync($"Simulator stopped; served: {server.Log.UsageTotals().ToJsonString()}");
        }

        return ExitCodes.Success;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}

/// <summary><c>token-gov simulator …</c>.</summary>
internal sealed class SimulatorCommand : Command
{
    public SimulatorCommand()
        : base("simulator", "A scriptable model server for tests and demos: agents run against it offline")
    {
        Subcommands.Add(new SimulatorServeCommand());
    }
}
