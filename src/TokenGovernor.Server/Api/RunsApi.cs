using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenGovernor.Engine.Service;
using TokenGovernor.Engine.Service.Workers;

namespace TokenGovernor.Server.Api;

/// <summary>Work submitted to the service's workers: task files on the server's machine, run through the same engine as <c>token-gov run</c>.</summary>
internal static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/runs").WithTags("Runs");
        group.MapPost("/", async (RunRequest? request, HttpContext context, CancellationToken cancellationToken) =>
            {
                try
                {
                    var run = await Workers(context).SubmitAsync(context.Caller(), request, cancellationToken);
                    return Results.Accepted($"/runs/{Uri.EscapeDataString(run.Id)}", run);
                }
                catch (TaskFilesRejectedException error)
                {
                    return Results.Problem(
                        detail: error.Message,
                        statusCode: StatusCodes.Status400BadRequest,
                        title: "Bad request",
                        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["field"] = "files",
                            ["problems"] = error.Problems.Select(problem => new { file = problem.File, line = problem.Line, path = problem.Path, message = problem.Message, hint = problem.Hint }).ToList(),
                        });
                }
            })
            .WithName("SubmitRun");
        group.MapGet("/", async (HttpContext context, CancellationToken cancellationToken) =>
                Results.Ok(await Workers(context).ListAsync(context.Caller(), cancellationToken)))
            .WithName("ListRuns");
        group.MapGet("/{id}", async (string id, HttpContext context, CancellationToken cancellationToken) =>
                Results.Ok(await Workers(context).GetAsync(context.Caller(), id, cancellationToken)))
            .WithName("GetRun");
        group.MapPost("/{id}/cancel", async (string id, HttpContext context, CancellationToken cancellationToken) =>
                Results.Ok(await Workers(context).CancelAsync(context.Caller(), id, cancellationToken)))
            .WithName("CancelRun");
        return app;
    }

    private static RunWorkers Workers(HttpContext context) => context.RequestServices.GetService<RunWorkers>()
        ?? throw ServiceException.NotFound("runs", "this server takes no runs: it was built without workers");
}
