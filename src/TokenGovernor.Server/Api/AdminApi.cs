using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server.Api;

internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (GovernorService service, CancellationToken cancellationToken) =>
                Results.Ok(new { status = "ok", schema = await service.Store.GetSchemaVersionAsync(cancellationToken) }))
            .WithTags("Admin").WithName("Health");
        app.MapGet("/metrics", async (HttpContext context, GovernorService service, CancellationToken cancellationToken) =>
            {
                context.Caller().EnsureAdmin("/metrics");
                return Results.Text(await MetricsAsync(service.Store, cancellationToken), "text/plain; version=0.0.4; charset=utf-8");
            })
            .WithTags("Admin").WithName("Metrics")
            .WithDescription("Prometheus text format: tokens by project, model and kind; tasks by state; decisions.");
        return app;
    }

    private static async Task<string> MetricsAsync(IGovernorStore store, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("# HELP token_gov_tokens_total Tokens in the usage ledger.\n# TYPE token_gov_tokens_total counter\n");
        var cost = new StringBuilder("# HELP token_gov_cost_usd_total Cost in the usage ledger, US dollars.\n# TYPE token_gov_cost_usd_total counter\n");
        var tasks = new StringBuilder("# HELP token_gov_tasks Governed tasks by state.\n# TYPE token_gov_tasks gauge\n");
        foreach (var project in await store.ListProjectsAsync(cancellationToken))
        {
            foreach (var group in await store.SumUsageGroupedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, UsageGrouping.Model, project.Id, cancellationToken))
            {
                var tokens = group.Totals.Tokens;
                foreach (var (kind, count) in new[] { ("input", tokens.Input), ("output", tokens.Output), ("cache_creation", tokens.CacheCreation), ("cache_read", tokens.CacheRead), ("reasoning", tokens.Reasoning) })
                {
                    text.Append(CultureInfo.InvariantCulture, $"token_gov_tokens_total{{project=\"{Escape(project.Name)}\",model=\"{Escape(group.Key)}\",kind=\"{kind}\"}} {count}\n");
                }

                cost.Append(CultureInfo.InvariantCulture, $"token_gov_cost_usd_total{{project=\"{Escape(project.Name)}\",model=\"{Escape(group.Key)}\"}} {group.Totals.CostUsd}\n");
            }

            foreach (var state in (await store.ListTasksAsync(new TaskQuery(project.Id), cancellationToken)).GroupBy(task => task.State.ToWire()))
            {
                tasks.Append(CultureInfo.InvariantCulture, $"token_gov_tasks{{project=\"{Escape(project.Name)}\",state=\"{state.Key}\"}} {state.Count()}\n");
            }
        }

        text.Append(cost).Append(tasks);
        text.Append("# HELP token_gov_decisions_total Decisions the governor has taken.\n# TYPE token_gov_decisions_total counter\n");
        var decisions = await store.CountDecisionsAsync(cancellationToken);
        foreach (var decision in Enum.GetValues<PolicyDecision>())
        {
            text.Append(CultureInfo.InvariantCulture, $"token_gov_decisions_total{{decision=\"{decision.ToWire()}\"}} {decisions.GetValueOrDefault(decision)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"# HELP token_gov_usage_events_total Usage events in the ledger.\n# TYPE token_gov_usage_events_total counter\ntoken_gov_usage_events_total {await store.CountUsageEventsAsync(cancellationToken)}\n");
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
