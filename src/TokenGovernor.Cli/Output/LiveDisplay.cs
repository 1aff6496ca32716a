using System.Collections.Concurrent;
using Spectre.Console;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Cli.Output;

/// <summary>The live view of a run: <c>full</c> redraws a table, <c>minimal</c> prints a line per change, <c>off</c> prints nothing.</summary>
internal abstract class LiveDisplay : IRunObserver, IDisposable
{
    public static LiveDisplay Create(string mode, TextWriter writer)
    {
        var terminal = !Console.IsErrorRedirected;
        return mode switch
        {
            "full" => new FullDisplay(writer),
            "minimal" => new MinimalDisplay(writer),
            "auto" when terminal => new FullDisplay(writer),
            _ => new SilentDisplay(),
        };
    }

    public abstract void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers);

    public abstract void TaskChanged(TaskView task);

    public virtual void RunFinished(RunReport report)
    {
    }

    public virtual void CheckpointRequested(string taskId, string reason)
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private sealed class SilentDisplay : LiveDisplay
    {
        public override void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers)
        {
        }

        public override void TaskChanged(TaskView task)
        {
        }
    }

    /// <summary>One line per state change; safe to pipe into a log.</summary>
    private sealed class MinimalDisplay(TextWriter writer) : LiveDisplay
    {
        private readonly Lock _gate = new();

        public override void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers)
        {
            lock (_gate)
            {
                writer.WriteLine($"token-gov run {runId} — {tasks.Count} tasks, {workers} workers");
            }
        }

        public override void TaskChanged(TaskView task)
        {
            var elapsed = task.StartedAt is { } start ? Durations.Format((task.EndedAt ?? DateTimeOffset.UtcNow) - start) : "";
            var runner = task.Runner is null ? "" : $" [{task.Runner}]";
            var reason = task.Reason is null ? "" : $" — {task.Reason}";
            lock (_gate)
            {
                writer.WriteLine($"{Formatting.Mark(task.State.ToWire())} {task.State.ToWire().ToUpperInvariant(),-12} {task.Id} {elapsed}{runner}{reason}");
            }
        }

        public override void CheckpointRequested(string taskId, string reason)
        {
            lock (_gate)
            {
                writer.WriteLine($"checkpoint requested: {taskId} — {reason}");
            }
        }
    }

    /// <summary>A table redrawn a few times a second: running and recently finished tasks, and the counts.</summary>
    private sealed class FullDisplay : LiveDisplay
    {
        private readonly ConcurrentDictionary<string, TaskView> _tasks = new(StringComparer.Ordinal);
        private readonly IAnsiConsole _console;
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;
        private string _title = "";

        public FullDisplay(TextWriter writer)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        }

        public override void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers)
        {
            foreach (var task in tasks)
            {
                _tasks[task.Id] = task;
            }

            _title = $"token-gov run {runId} — {tasks.Count} tasks, {workers} workers";
            _loop = _console.Live(Render()).AutoClear(false).StartAsync(async live =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    live.UpdateTarget(Render());
                    try
                    {
                        await Task.Delay(250, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                live.UpdateTarget(Render());
            });
        }

        public override void TaskChanged(TaskView task) => _tasks[task.Id] = task;

        public override void Dispose()
        {
            _stop.Cancel();
            _loop?.GetAwaiter().GetResult();
            _stop.Dispose();
            base.Dispose();
        }

        private static int WindowHeight()
        {
            try
            {
                return Console.WindowHeight > 0 ? Console.WindowHeight : 24;
            }
            catch (IOException)
            {
                return 24;
            }
        }

        private Table Render()
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(_title));
            table.AddColumn("state").AddColumn("task").AddColumn("elapsed").AddColumn("runner").AddColumn("note");
            var now = DateTimeOffset.UtcNow;
            var rows = _tasks.Values
                .OrderBy(task => task.State is TaskState.Running or TaskState.Waiting ? 0 : task.State.IsTerminal() ? 1 : 2)
                .ThenByDescending(task => task.EndedAt ?? task.StartedAt)
                .Take(Math.Max(5, WindowHeight() - 8));
            foreach (var task in rows)
            {
                var elapsed = task.StartedAt is { } start ? Durations.Format((task.EndedAt ?? now) - start) : "";
                table.AddRow(
                    Markup.Escape($"{Formatting.Mark(task.State.ToWire())} {task.State.ToWire()}"),
                    Markup.Escape(task.Id),
                    elapsed,
                    Markup.Escape(task.Runner ?? ""),
                    Markup.Escape(task.Reason ?? ""));
            }

            var counts = _tasks.Values.GroupBy(task => task.State).OrderBy(group => group.Key).Select(group => $"{group.Key.ToWire()}: {group.Count()}");
            table.Caption(Markup.Escape(string.Join("  ", counts)));
            return table;
        }
    }
}
