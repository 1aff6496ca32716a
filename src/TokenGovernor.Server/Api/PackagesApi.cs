using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

internal static class PackagesApi
{
    public static IEndpointRouteBuilder MapPackagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/packages").WithTags("Packages");
        group.MapPost("/register", async (PackageRequest request, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
            {
                var package = await service.RegisterPackageAsync(context.Caller(), request, cancellationToken);
                return Results.Created($"/status/package/{Uri.EscapeDataString(package.Id)}", package);
            })
            .WithName("RegisterPackage");
        group.MapGet("/", async (string? project, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListPackagesAsync(context.Caller(), project, cancellationToken)))
            .WithName("ListPackages");
        return app;
    }
}
