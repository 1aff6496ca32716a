using System.CommandLine;
using Spectre.Console;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary><c>token-gov errors [--notify]</c>: webhook deliveries that failed after every retry.</summary>
internal sealed class ErrorsCommand : Command
{
    public ErrorsCommand()
        : base("errors", "Show webhook deliveries that failed after every retry")
    {
        var notify = new Option<bool>("--notify") { Description = "Show only failures not shown with --notify before, then mark them seen; exit 1 when there were any" };
        Options.Add(notify);
        ServiceCommands.With(this, async (parse, _, store, json, ct) =>
        {
            var onlyNew = parse.GetValue(notify);
            var errors = await store.ListDeliveryErrorsAsync(onlyNew, ct);
            if (json)
            {
                await PrintJsonAsync(errors.Select(error => new
                {
                    seq = error.Seq, webhook = error.WebhookId, project = error.ProjectId, url = error.Url, @event = error.Event,
                    attempts = error.Attempts, error = error.Error, at = error.At, notified_at = error.NotifiedAt,
                }));
            }
            else if (errors.Count == 0)
            {
                await Console.Out.WriteLineAsync(onlyNew ? "no new delivery failures" : "no delivery failures");
            }
            else
            {
                var table = NewTable("time", "project", "event", "url", "attempts", "error");
                foreach (var error in errors)
                {
                    table.AddRow(Time(error.At), error.ProjectId, error.Event, Markup.Escape(error.Url), error.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(error.Error));
                }

                PrintTable(table);
            }

            if (onlyNew && errors.Count > 0)
            {
                await store.MarkDeliveryErrorsNotifiedAsync(errors[^1].Seq, DateTimeOffset.UtcNow, ct);
                return 1;
            }

            return 0;
        });
    }
}
