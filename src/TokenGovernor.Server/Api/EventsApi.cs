using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

/// <summary><c>GET /events</c>: server-sent events, one per state change, decision and usage event, as they happen.</summary>
internal static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", async (string? project, string? types, HttpContext context, GovernorService service, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken requestAborted) =>
            {
                // The feed ends when the client leaves or the server stops, whichever comes first.
                using var feedEnd = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
                var cancellationToken = feedEnd.Token;
                var caller = context.Caller();
                if (project is not null)
                {
                    var found = await service.Store.FindProjectAsync(project, cancellationToken) ?? throw ServiceException.NotFound("project", $"no project \"{project}\"");
                    caller.EnsureAccess(found.Id);
                    project = found.Id;
                }

                var wanted = types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                using var subscription = service.Events.Subscribe();
                var response = context.Response;
                response.Headers.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no";
                await response.WriteAsync(": token-gov live feed\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(KeepAlive);
                    GovernorEvent next;
                    try
                    {
                        next = await subscription.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Quiet for a while: a comment line keeps proxies from closing the connection.
                        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        continue;
                    }

                    if (!Wanted(next, caller, project, wanted))
                    {
                        continue;
                    }

                    var data = JsonSerializer.Serialize(new { seq = next.Seq, type = next.Type, at = next.At, project = next.ProjectId, task = next.TaskId, data = next.Data }, json.Value.SerializerOptions);
                    await response.WriteAsync(new StringBuilder()
                        .Append("id: ").Append(next.Seq).Append('\n')
                        .Append("event: ").Append(next.Type).Append('\n')
                        .Append("data: ").Append(data).Append("\n\n").ToString(), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }

                return Results.Empty;
            })
            .WithTags("Events")
            .WithName("Events")
            .WithDescription("Server-sent events: state changes, decisions and usage, live. Filter with ?project= and ?types=a,b.");
        return app;
    }

    private static bool Wanted(GovernorEvent item, ServiceCaller caller, string? project, HashSet<string>? types) =>
        (types is null || types.Contains(item.Type))
        && (project is null || item.ProjectId == project)
        && (item.ProjectId is null ? caller.IsAdmin : caller.CanAccess(item.ProjectId));
}
