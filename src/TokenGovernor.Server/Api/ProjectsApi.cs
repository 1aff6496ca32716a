using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

internal static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/projects").WithTags("Projects");
        group.MapPost("/register", async (ProjectRequest request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
            {
                var project = await service.RegisterProjectAsync(context.Caller(), request, cancellationToken);
                return Results.Created($"/status/project/{Uri.EscapeDataString(project.Id)}", project);
            })
            .WithName("RegisterProject");
        group.MapGet("/", async (HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListProjectsAsync(context.Caller(), cancellationToken)))
            .WithName("ListProjects");
        return app;
    }
}
