using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status/{level}/{id}", async (string level, string id, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.StatusAsync(context.Caller(), level, id, cancellationToken)))
            .WithTags("Status")
            .WithName("Status")
            .WithDescription("A compact report (under 200 tokens) of a project, package, task or agent.");
        return app;
    }
}
