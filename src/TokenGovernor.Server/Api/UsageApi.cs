using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

internal static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/usage").WithTags("Usage");
        group.MapPost("/", async (HttpContext context, GovernorService service, AgentLimiter agents, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
            {
                var events = await ReadEventsAsync(context.Request, json.Value.SerializerOptions, cancellationToken);
                agents.Acquire(events.Where(item => item?.AgentId is not null).Select(item => item.AgentId!));
                return Results.Ok(await service.RecordUsageAsync(context.Caller(), events, cancellationToken));
            })
            .Accepts<UsageBatchRequest>("application/json")
            .Produces<UsageResponse>()
            .WithName("RecordUsage")
            .WithDescription("One usage event, or several under \"events\"; each gets the governor's decision and the remaining budgets.");
        group.MapGet("/", async (DateTimeOffset? from, DateTimeOffset? to, string? group, string? project, HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(await service.ListUsageAsync(context.Caller(), from, to, group, project, cancellationToken)))
            .WithName("ListUsage");
        return app;
    }

    /// <summary>A single event object, or <c>{"events": [...]}</c>; a value of the wrong type is named by its path.</summary>
    private static async Task<IReadOnlyList<UsageEventRequest>> ReadEventsAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ServiceException.BadField("body", "must be a usage event object or {\"events\": [...]}");
            }

            if (!root.TryGetProperty("events", out var list))
            {
                return [root.Deserialize<UsageEventRequest>(options)!];
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw ServiceException.BadField("events", "must be an array of usage events");
            }

            var events = new List<UsageEventRequest>(list.GetArrayLength());
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                try
                {
                    events.Add(item.ValueKind == JsonValueKind.Object
                        ? item.Deserialize<UsageEventRequest>(options)!
                        : throw ServiceException.BadField($"events[{index}]", "must be a usage event object"));
                }
                catch (JsonException error)
                {
                    var inner = Problems.BadBody(error).Field;
                    throw ServiceException.BadField($"events[{index}].{inner}", "has the wrong type or format");
                }

                index++;
            }

            return events;
        }
        catch (JsonException error)
        {
            throw Problems.BadBody(error);
        }
    }
}
