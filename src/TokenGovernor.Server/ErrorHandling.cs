using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server;

/// <summary>
/// Turns refusals into problem details, and a store that cannot write (full disk, file size limit, I/O error) into a
/// 503 saying so; anything unexpected becomes a 500 without internals.
/// </summary>
internal static class ErrorHandling
{
    public static IApplicationBuilder UseGovernorProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (ServiceException error) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, error);
        }
        catch (DbException error) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, ServiceException.StoreFailed(null, "what this request changes", error));
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            var problem = error.InnerException is JsonException json
                ? Problems.For(Problems.BadBody(json))
                : Problems.Problem(StatusCodes.Status400BadRequest, "Bad request", error.Message, "body");
            await problem.ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
    });

    private static async Task RefuseAsync(HttpContext context, ServiceException error)
    {
        if (error.RetryAfter is { } retry)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Problems.For(error).ExecuteAsync(context);
    }
}
