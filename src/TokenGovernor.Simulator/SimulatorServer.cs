using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator;

/// <summary>The model simulator on Kestrel, bound to 127.0.0.1 only.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, SimulatorEngine engine, Uri url)
    {
        _app = app;
        Engine = engine;
        Url = url;
    }

    /// <summary>The base URL clients use, e.g. <c>http://127.0.0.1:18181</c> (no trailing slash).</summary>
    public Uri Url { get; }

    public SimulatorEngine Engine { get; }

    public RequestLog Log => Engine.Log;

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
    public static async Task<SimulatorServer> StartAsync(ScenarioSet scenarios, int port, string? logPath, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddProblemDetails();
        var engine = new SimulatorEngine(scenarios, new RequestLog(logPath, time), time);
        var app = builder.Build();
        app.MapSimulatorApi(engine);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        return new SimulatorServer(app, engine, new Uri($"http://127.0.0.1:{bound.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        Engine.Log.Dispose();
    }
}
