using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server;

/// <summary>
/// Every endpoint but <c>/healthz</c> needs a key, given as <c>Authorization: Bearer …</c> or <c>X-Api-Key</c>.
/// Lookups are cached for two seconds, so a revoked key stops working within that time.
/// </summary>
internal static class ApiKeyAuthentication
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    public static ServiceCaller Caller(this HttpContext context) =>
        context.Items[typeof(ServiceCaller)] as ServiceCaller ?? throw new InvalidOperationException("The request was not authenticated.");

    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/healthz"))
        {
            await next(context);
            return;
        }

        var secret = Secret(context.Request);
        if (secret is null)
        {
            await Unauthorized(context, "give an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'; 'token-gov apikey create' makes one");
            return;
        }

        var admin = context.RequestServices.GetRequiredService<ServiceAdmin>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var cache = context.RequestServices.GetRequiredService<ApiKeyCache>().Entries;
        var hash = ApiKeys.Hash(secret);
        if (!cache.TryGetValue(hash, out var cached) || now - cached.ReadAt > CacheFor || now < cached.ReadAt)
        {
            cached = (await admin.AuthenticateAsync(secret, context.RequestAborted), now);
            cache[hash] = cached;
        }

        if (cached.Caller is not { } caller)
        {
            await Unauthorized(context, "the API key is unknown or revoked");
            return;
        }

        context.Items[typeof(ServiceCaller)] = caller;
        await next(context);
    });

    private static string? Secret(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }

        return request.Headers["X-Api-Key"].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    private static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail).ExecuteAsync(context);
    }
}

/// <summary>Recent key lookups of one server, by secret hash.</summary>
internal sealed class ApiKeyCache
{
    public ConcurrentDictionary<string, (ServiceCaller? Caller, DateTimeOffset ReadAt)> Entries { get; } = new(StringComparer.Ordinal);
}
