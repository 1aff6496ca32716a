using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov state list|reset ID|clear</c>: the persistent task states that decide what later runs skip.</summary>
internal sealed class StateCommand : Command
{
    public StateCommand()
        : base("state", "Show or reset the persistent task states that decide what later runs skip")
    {
        Subcommands.Add(List());
        Subcommands.Add(Reset());
        Subcommands.Add(Clear());
    }

    private static Command List()
    {
        var (stateDir, store, json) = (CommonOptions.StateDir(), CommonOptions.Store(), CommonOptions.Json());
        var command = new Command("list", "List task states") { stateDir, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var states = (await opened.GetTaskStatesAsync(cancellationToken)).Values.OrderBy(state => state.TaskId, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                var rows = states.Select(state => new { task = state.TaskId, repo = state.Repo, state = state.State.ToWire(), reason = state.Reason, run = state.LastRunId, updated_at = state.UpdatedAt });
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, ReportJson.Options));
                return 0;
            }

            if (states.Count == 0)
            {
                await Console.Out.WriteLineAsync("no task states recorded");
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("task", "state", "repo", "run", "updated", "reason");
            foreach (var state in states)
            {
                table.AddRow(Markup.Escape(state.TaskId), state.State.ToWire(), Markup.Escape(state.Repo), Markup.Escape(state.LastRunId ?? ""),
                    state.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(state.Reason ?? ""));
            }

            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
            return 0;
        });
        return command;
    }

    private static Command Reset()
    {
        var (stateDir, store) = (CommonOptions.StateDir(), CommonOptions.Store());
        var id = new Argument<string>("id") { Description = "Task id" };
        var command = new Command("reset", "Forget one task's state so the next run runs it again") { id, stateDir, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var task = parse.GetValue(id)!;
            if (!await opened.ResetTaskStateAsync(task, cancellationToken))
            {
                throw new TokenGovException($"no state recorded for task \"{task}\"; 'token-gov state list' shows the known ones");
            }

            await Console.Out.WriteLineAsync($"reset {task}: the next run will run it");
            return 0;
        });
        return command;
    }

    private static Command Clear()
    {
        var (stateDir, store) = (CommonOptions.StateDir(), CommonOptions.Store());
        var command = new Command("clear", "Forget every task state") { stateDir, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await CommandContext.From(parse, stateDir, store).OpenStoreAsync(cancellationToken);
            var removed = await opened.ClearTaskStatesAsync(cancellationToken);
            await Console.Out.WriteLineAsync($"cleared {removed} task state(s)");
            return 0;
        });
        return command;
    }
}
