using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

/// <summary>A reason given with a control request; the body is optional.</summary>
public sealed record ControlRequest(string? Reason);

internal static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tasks").WithTags("Tasks");
        group.MapPost("/register", async (TaskRequest request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
            {
                var task = await service.RegisterTaskAsync(context.Caller(), request, cancellationToken);
                return Results.Created($"/status/task/{Uri.EscapeDataString(task.Id)}", task);
            })
            .WithName("RegisterTask");
        group.MapGet("/", async (string? project, string? state, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListTasksAsync(context.Caller(), project, state, cancellationToken)))
            .WithName("ListTasks");
        MapControl(group, "pause", TaskAction.Pause);
        MapControl(group, "resume", TaskAction.Resume);
        MapControl(group, "checkpoint", TaskAction.Checkpoint);
        MapControl(group, "cancel", TaskAction.Cancel);
        group.MapPost("/{id}/complete", async (string id, ControlRequest? request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.FinishTaskAsync(context.Caller(), id, succeeded: true, request?.Reason, cancellationToken)))
            .WithName("CompleteTask");
        group.MapPost("/{id}/fail", async (string id, ControlRequest? request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.FinishTaskAsync(context.Caller(), id, succeeded: false, request?.Reason, cancellationToken)))
            .WithName("FailTask");

        app.MapGet("/agents", async (string? project, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListAgentsAsync(context.Caller(), project, cancellationToken)))
            .WithTags("Tasks").WithName("ListAgents");
        app.MapGet("/checkpoints", async (string? project, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListCheckpointsAsync(context.Caller(), project, cancellationToken)))
            .WithTags("Tasks").WithName("ListCheckpoints");
        return app;
    }

    private static void MapControl(RouteGroupBuilder group, string verb, TaskAction action) =>
        group.MapPost($"/{{id}}/{verb}", async (string id, ControlRequest? request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ControlTaskAsync(context.Caller(), id, action, request?.Reason, cancellationToken)))
            .WithName(char.ToUpperInvariant(verb[0]) + verb[1..] + "Task");
}
