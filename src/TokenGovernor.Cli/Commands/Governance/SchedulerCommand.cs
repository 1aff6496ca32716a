using System.CommandLine;
using Spectre.Console;
using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov scheduler status|resume [--task ID]</c>: the queue of paused and waiting tasks, and resuming them.</summary>
internal sealed class SchedulerCommand : Command
{
    public SchedulerCommand()
        : base("scheduler", "Paused and waiting tasks in the order they resume (tier, priority, age), and resuming them")
    {
        Subcommands.Add(Status());
        Subcommands.Add(Resume());
    }

    private static Command Status() =>
        With(new Command("status", "List paused and waiting tasks in resume order, with why they wait and whether their budget has room now"), async (parse, registry, json, ct) =>
        {
            var queue = await SchedulerQueue.ListAsync(registry, ct);
            var config = await registry.Store.GetGovernorConfigAsync(ct);
            if (json)
            {
                await PrintJsonAsync(new { start_rate = config.StartsPerMinute, tasks = queue.Select(View) });
                return 0;
            }

            if (queue.Count == 0)
            {
                await Console.Out.WriteLineAsync("no paused or waiting tasks");
                return 0;
            }

            var table = NewTable("#", "task", "state", "project", "tier", "priority", "room now", "resumes at", "session", "reason");
            var position = 0;
            foreach (var entry in queue)
            {
                table.AddRow((++position).ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(entry.Task.Id), entry.Task.State.ToWire(), Markup.Escape(entry.Project.Name),
                    entry.Project.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Task.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    entry.HasRoom ? "yes" : "no", Time(entry.Task.ResumesAt), Markup.Escape(entry.Checkpoint?.SessionId ?? "-"), Markup.Escape(entry.Task.StateReason ?? ""));
            }

            PrintTable(table);
            await Console.Out.WriteLineAsync($"start rate: at most {config.StartsPerMinute} per minute");
            return 0;
        });

    private static Command Resume()
    {
        var task = new Option<string?>("--task") { Description = "Resume this paused task now, whether or not its budget has room" };
        return With(new Command("resume", "Make paused tasks whose budget has room (or the one named) ready; the next run continues their agents' sessions") { task }, async (parse, registry, json, ct) =>
        {
            var resumed = await SchedulerQueue.ResumeAsync(registry, parse.GetValue(task), ct);
            if (json)
            {
                await PrintJsonAsync(new { resumed = resumed.Select(View) });
                return 0;
            }

            await Console.Out.WriteLineAsync(resumed.Count == 0
                ? "nothing to resume: no paused task has room in its budget"
                : string.Join('\n', resumed.Select(entry => $"{entry.Task.Id} is now ready{(entry.Checkpoint?.SessionId is { } session ? $" (resumes session {session})" : "")}")));
            return 0;
        });
    }

    private static object View(QueuedTask entry) => new
    {
        id = entry.Task.Id,
        state = entry.Task.State.ToWire(),
        reason = entry.Task.StateReason,
        project = entry.Project.Name,
        tier = entry.Project.Tier,
        priority = entry.Task.Priority,
        has_room = entry.HasRoom,
        resumes_at = entry.Task.ResumesAt,
        checkpoint = entry.Task.Checkpoint.ToWire(),
        session_id = entry.Checkpoint?.SessionId,
        git_ref = entry.Checkpoint?.GitRef,
        summary = entry.Checkpoint?.Summary,
    };
}
