using System.CommandLine;
using Spectre.Console;
using TokenGovernor.Core;
using TokenGovernor.Engine.Service;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary><c>token-gov webhook add|list|remove</c>: where a project's events are posted by <c>serve</c>.</summary>
internal sealed class WebhookCommand : Command
{
    public WebhookCommand()
        : base("webhook", "Add, list and remove webhooks that 'token-gov serve' posts a project's events to")
    {
        Subcommands.Add(Add());
        Subcommands.Add(List());
        Subcommands.Add(Remove());
    }

    private static Command Add()
    {
        var project = new Option<string>("--project") { Description = "Project id or name", Required = true };
        var url = new Option<string>("--url") { Description = "Where to POST the events", Required = true };
        var events = new Option<string?>("--events") { Description = $"Comma list of events (default all): {string.Join(", ", GovernorEventTypes.Notifiable)}" };
        var secret = new Option<string?>("--secret") { Description = "Signing secret (default: a new random one, printed)" };
        var every = new Option<string>("--status-every") { Description = "Period of the status report (default 5m)", DefaultValueFactory = _ => "5m" };
        return ServiceCommands.With(new Command("add", "Add a webhook") { project, url, events, secret, every }, async (parse, admin, _, json, ct) =>
        {
            var names = parse.GetValue(events)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var hook = await admin.AddWebhookAsync(
                parse.GetValue(project)!, parse.GetValue(url)!, names, parse.GetValue(secret), Durations.Parse(parse.GetValue(every)!, "--status-every"), ct);
            await (json
                ? PrintJsonAsync(new { id = hook.Id, project = hook.ProjectId, url = hook.Url, events = hook.Events, secret = hook.Secret, status_every_seconds = hook.StatusIntervalSeconds })
                : Console.Out.WriteLineAsync($"webhook {hook.Id} for project {hook.ProjectId}: {string.Join(",", hook.Events)} → {hook.Url}\nsecret {hook.Secret}"));
            return 0;
        });
    }

    private static Command List()
    {
        var project = new Option<string?>("--project") { Description = "Only this project's webhooks (id)" };
        return ServiceCommands.With(new Command("list", "List webhooks") { project }, async (parse, admin, _, json, ct) =>
        {
            var hooks = await admin.ListWebhooksAsync(parse.GetValue(project), ct);
            if (json)
            {
                await PrintJsonAsync(hooks.Select(hook => new { id = hook.Id, project = hook.ProjectId, url = hook.Url, events = hook.Events, status_every_seconds = hook.StatusIntervalSeconds }));
                return 0;
            }

            var table = NewTable("id", "project", "url", "events", "status every");
            foreach (var hook in hooks)
            {
                table.AddRow(hook.Id, hook.ProjectId, Markup.Escape(hook.Url), string.Join(",", hook.Events), Durations.Format(TimeSpan.FromSeconds(hook.StatusIntervalSeconds)));
            }

            PrintTable(table);
            return 0;
        });
    }

    private static Command Remove()
    {
        var id = new Argument<string>("id") { Description = "Webhook id" };
        return ServiceCommands.With(new Command("remove", "Remove a webhook") { id }, async (parse, admin, _, _, ct) =>
        {
            await admin.RemoveWebhookAsync(parse.GetValue(id)!, ct);
            await Console.Out.WriteLineAsync($"removed webhook {parse.GetValue(id)}");
            return 0;
        });
    }
}
