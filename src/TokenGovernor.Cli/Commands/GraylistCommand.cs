using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TokenGovernor.Cli.Commands.Governance;
using TokenGovernor.Core;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary>
/// <c>token-gov graylist list|add|remove|clear</c>: runners (or one model of a runner) not to use, kept in the store,
/// and the runners blocked until a rate limit resets.
/// </summary>
internal sealed class GraylistCommand : Command
{
    public GraylistCommand()
        : base("graylist", "List, add or remove runners (optionally one model) not to use, and see blocked runners")
    {
        Subcommands.Add(List());
        Subcommands.Add(Add());
        Subcommands.Add(Remove());
        Subcommands.Add(Clear());
    }

    private static Option<string?> Model() => new("--model", "-m") { Description = "Only this model of the runner (default: the whole runner)" };

    private static Argument<string> Runner() => new("runner") { Description = "Runner type or profile name, e.g. codex" };

    private static Command List()
    {
        var (stateDir, store, json) = (CommonOptions.StateDir(), CommonOptions.Store(), CommonOptions.Json());
        var command = new Command("list", "List graylisted runners and runners blocked by a rate limit") { stateDir, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var entries = await opened.ListGraylistAsync(cancellationToken);
            var blocks = await opened.ListRunnerBlocksAsync(GovernanceCommand.Clock().GetUtcNow(), cancellationToken);
            if (parse.GetValue(json))
            {
                var view = new
                {
                    graylist = entries.Select(entry => new { runner = entry.Runner, model = entry.Model, source = entry.Source, reason = entry.Reason, added_at = entry.AddedAt }),
                    blocked = blocks.Select(block => new { runner = block.Runner, model = block.Model, blocked_until = block.BlockedUntil, reason = block.Reason, blocked_at = block.BlockedAt }),
                };
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, ReportJson.Options));
                return 0;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (entries.Count == 0)
            {
                await Console.Out.WriteLineAsync("graylist is empty");
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("runner", "model", "source", "added", "reason");
                foreach (var entry in entries)
                {
                    table.AddRow(Markup.Escape(entry.Runner), Markup.Escape(entry.Model ?? "(all)"), entry.Source, Time(entry.AddedAt), Markup.Escape(entry.Reason ?? ""));
                }

                console.Write(table);
            }

            if (blocks.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("blocked runner", "model", "until", "reason");
                foreach (var block in blocks)
                {
                    table.AddRow(Markup.Escape(block.Runner), Markup.Escape(block.Model ?? "(all)"), Time(block.BlockedUntil), Markup.Escape(block.Reason ?? ""));
                }

                console.Write(table);
            }

            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var (stateDir, store, runner, model) = (CommonOptions.StateDir(), CommonOptions.Store(), Runner(), Model());
        var reason = new Option<string?>("--reason") { Description = "Why, for the list" };
        var command = new Command("add", "Stop using a runner, or one model of it") { runner, model, reason, stateDir, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = Checked(parse.GetValue(runner)!, "runner");
            var modelName = parse.GetValue(model) is { } given ? Checked(given, "--model") : null;
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var added = await opened.AddToGraylistAsync(new GraylistRecord(name, modelName, parse.GetValue(reason), GraylistRecord.Manual, GovernanceCommand.Clock().GetUtcNow()), cancellationToken);
            await Console.Out.WriteLineAsync(added ? $"graylisted {Describe(name, modelName)}" : $"{Describe(name, modelName)} is already graylisted");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var (stateDir, store, runner, model) = (CommonOptions.StateDir(), CommonOptions.Store(), Runner(), Model());
        var command = new Command("remove", "Use a graylisted runner (or model) again") { runner, model, stateDir, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (name, modelName) = (parse.GetValue(runner)!, parse.GetValue(model));
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            if (!await opened.RemoveFromGraylistAsync(name, modelName, cancellationToken))
            {
                throw new TokenGovException($"{Describe(name, modelName)} is not on the graylist; 'token-gov graylist list' shows what is");
            }

            await Console.Out.WriteLineAsync($"removed {Describe(name, modelName)} from the graylist");
            return 0;
        });
        return command;
    }

    private static Command Clear()
    {
        var (stateDir, store) = (CommonOptions.StateDir(), CommonOptions.Store());
        var blocks = new Option<bool>("--blocks") { Description = "Also lift every rate-limit block" };
        var command = new Command("clear", "Empty the graylist") { blocks, stateDir, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var removed = await opened.ClearGraylistAsync(cancellationToken);
            var message = $"cleared {removed} graylist entr{(removed == 1 ? "y" : "ies")}";
            if (parse.GetValue(blocks))
            {
                message += $" and lifted {await opened.ClearRunnerBlocksAsync(null, cancellationToken)} block(s)";
            }

            await Console.Out.WriteLineAsync(message);
            return 0;
        });
        return command;
    }

    private static string Checked(string value, string what) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new TokenGovException($"{what} \"{value}\" must be a non-empty name without spaces, e.g. codex or gpt-5.5");

    private static string Describe(string runner, string? model) => model is null ? runner : $"{runner} (model {model})";

    private static string Time(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);
}
