using System.CommandLine;
using Spectre.Console;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov task add|list|show|pause|resume|cancel|checkpoint</c>: governed tasks and their states.</summary>
internal sealed class TaskCommand : Command
{
    public TaskCommand()
        : base("task", "Add, list, show and control governed tasks")
    {
        Subcommands.Add(TaskAddCommand.Create());
        Subcommands.Add(List());
        Subcommands.Add(Show());
        Subcommands.Add(Control("pause", "Pause a task; it waits until resumed", TaskAction.Pause));
        Subcommands.Add(Control("resume", "Resume a paused task: it is ready to run again", TaskAction.Resume));
        Subcommands.Add(Control("cancel", "Cancel a task that has not finished", TaskAction.Cancel));
        Subcommands.Add(Control("checkpoint", "Ask a task to save a checkpoint", TaskAction.Checkpoint));
    }

    private static Command List()
    {
        var project = BudgetOptions.Project(required: false);
        var state = new Option<string?>("--state") { Description = "Only tasks in this state, e.g. paused" };
        return With(new Command("list", "List governed tasks") { project, state }, async (parse, registry, json, ct) =>
        {
            var projectId = parse.GetValue(project) is { } key ? (await registry.ProjectAsync(key, ct)).Id : null;
            TaskState? wanted = null;
            if (parse.GetValue(state) is { } text)
            {
                wanted = TaskStates.TryParse(text, out var parsed)
                    ? parsed
                    : throw new TokenGovException($"state: \"{text}\" is not a task state; use {string.Join(", ", Enum.GetValues<TaskState>().Select(value => value.ToWire()))}");
            }

            var tasks = await registry.Store.ListTasksAsync(new TaskQuery(projectId, State: wanted), ct);
            if (json)
            {
                await PrintJsonAsync(tasks.Select(GovernanceViews.Task));
                return 0;
            }

            var table = NewTable("task", "state", "checkpoint", "complexity", "estimate", "budget", "title");
            foreach (var task in tasks)
            {
                table.AddRow(Markup.Escape(task.Id), task.State.ToWire(), task.Checkpoint.ToWire(), task.Estimate.Class.ToWire(),
                    $"{Number(task.Estimate.Tokens)} ({task.Estimate.Source.ToWire()})", Markup.Escape(task.Budget.Describe()), Markup.Escape(task.Title));
            }

            PrintTable(table);
            return 0;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "Task id" };
        return With(new Command("show", "Show a task, its spend and its state changes") { id }, async (parse, registry, json, ct) =>
        {
            var task = await registry.TaskAsync(parse.GetValue(id)!, ct);
            var project = await registry.ProjectAsync(task.ProjectId, ct);
            var status = await BudgetStatus.ReadAsync(registry.Store, BudgetScope.Task, task.Id, task.Budget.Under(project.Budget), registry.Time, ct);
            var transitions = await registry.Store.GetTaskTransitionsAsync(task.Id, ct);
            var checkpoints = await registry.Store.ListCheckpointsAsync(task.Id, ct);
            if (json)
            {
                await PrintJsonAsync(new
                {
                    task = GovernanceViews.Task(task),
                    status = GovernanceViews.Status(status),
                    transitions = transitions.Select(GovernanceViews.Transition),
                    checkpoints = checkpoints.Select(GovernanceViews.Checkpoint),
                });
                return 0;
            }

            await Console.Out.WriteLineAsync($"task       {task.Id}: {task.Title}");
            await Console.Out.WriteLineAsync($"project    {project.Name}{(task.PackageId is null ? "" : $", package {task.PackageId}")}{(task.ParentId is null ? "" : $", subtask of {task.ParentId}")}");
            await Console.Out.WriteLineAsync($"state      {task.State.ToWire()}{(task.StateReason is null ? "" : $" ({task.StateReason})")}, checkpoint {task.Checkpoint.ToWire()}");
            if (task.ResumesAt is { } resumesAt)
            {
                await Console.Out.WriteLineAsync($"resumes at {Time(resumesAt)}");
            }

            foreach (var checkpoint in checkpoints)
            {
                await Console.Out.WriteLineAsync($"checkpoint {Time(checkpoint.At)}: {checkpoint.Reason}; session {checkpoint.SessionId ?? "-"}, git {checkpoint.GitRef ?? "-"}");
            }

            await Console.Out.WriteLineAsync($"estimate   {Number(task.Estimate.Tokens)} tokens ({task.Estimate.Source.ToWire()}, {Number(task.Estimate.Low)}–{Number(task.Estimate.High)}), {task.Estimate.Class.ToWire()}");
            await Console.Out.WriteLineAsync($"budget     {task.Budget.Describe()}; spent {Number(status.Spent.Tokens)} tokens, ${Usd(status.Spent.Usd)} ({Percent(status.Headroom.UsedFraction)})");
            foreach (var transition in transitions)
            {
                await Console.Out.WriteLineAsync($"  {Time(transition.At)}  {transition.From.ToWire()} → {transition.To.ToWire()}{(transition.Reason is null ? "" : $": {transition.Reason}")}");
            }

            return 0;
        });
    }

    private static Command Control(string name, string description, TaskAction action)
    {
        var id = new Argument<string>("id") { Description = "Task id" };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded with the change" };
        return With(new Command(name, description) { id, reason }, async (parse, registry, json, ct) =>
        {
            var task = await registry.ControlTaskAsync(parse.GetValue(id)!, action, parse.GetValue(reason) ?? $"{name} by hand", ct);
            await (json
                ? PrintJsonAsync(GovernanceViews.Task(task))
                : Console.Out.WriteLineAsync(action == TaskAction.Checkpoint
                    ? $"checkpoint requested for {task.Id}"
                    : $"{task.Id} is now {task.State.ToWire()}"));
            return 0;
        });
    }
}
