using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TokenGovernor.Simulator;

/// <summary>The simulator's routes: health and request log under <c>/_sim</c>, the model APIs under any prefix.</summary>
public static class SimulatorEndpoints
{
    public static void MapSimulatorApi(this WebApplication app, SimulatorEngine engine)
    {
        app.MapMethods("/", ["HEAD", "GET"], () => Results.Ok(new { simulator = "token-gov" }));
        var control = app.MapGroup("/_sim");
        control.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        control.MapGet("/requests", () => Results.Text(new System.Text.Json.Nodes.JsonArray([.. engine.Log.Entries]).ToJsonString(Json.Wire), "application/json"));
        control.MapGet("/usage", () => Results.Text(engine.Log.UsageTotals().ToJsonString(), "application/json"));
        control.MapPost("/reset", () =>
        {
            engine.Conversations.Reset();
            engine.Log.Clear();
            return Results.NoContent();
        });
        // Not MapFallback: it skips paths that look like file names, and model names have dots (gemini-2.5-flash).
        app.Map("/{**path}", engine.HandleAsync);
    }
}
