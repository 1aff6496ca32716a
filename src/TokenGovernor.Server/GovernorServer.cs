using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenGovernor.Engine.Service;
using TokenGovernor.Server.Api;
using TokenGovernor.Server.Webhooks;

namespace TokenGovernor.Server;

/// <summary>Builds the service: the REST API, the live feed, webhooks, and the hosted-service seam for the scheduler and workers.</summary>
public static class GovernorServer
{
    public static WebApplication Build(GovernorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(GovernorServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddProblemDetails();
        // Binding failures reach the problem handler, which names the field from the JSON path.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Store);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(new GovernorEvents(options.Time));
        builder.Services.AddSingleton(provider => new GovernorService(
            options.Store, options.Time, provider.GetRequiredService<GovernorEvents>()));
        builder.Services.AddSingleton(new ServiceAdmin(options.Store, options.Time));
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton(new AgentLimiter(options.AgentCallsPerMinute));
        builder.Services.AddKeyRateLimit(options.KeyCallsPerMinute);
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(provider => new WebhookSender(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient("webhooks"), options.Store, options.Time, options.WebhookRetryDelay));
        builder.Services.AddHostedService<WebhookDispatcher>();
        options.ConfigureWorkers?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseGovernorProblems();
        app.UseApiKeys();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi.json");
        app.MapProjectsApi();
        app.MapPackagesApi();
        app.MapTasksApi();
        app.MapUsageApi();
        app.MapStatusApi();
        app.MapEventsApi();
        app.MapAdminApi();
        app.MapRunsApi();
        return app;
    }

    /// <summary>The addresses the server listens on once started (a port of 0 resolved to the real one).</summary>
    public static IReadOnlyList<string> Addresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }
}
