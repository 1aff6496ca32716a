using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Engine.Tests.Execution;

/// <summary>Keeps every notification the engine sends, in the order they arrived; workers call it from several threads.</summary>
internal sealed class RecordingObserver : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly List<TaskView> _changes = [];

    public IReadOnlyList<TaskView> Initial { get; private set; } = [];

    public int Workers { get; private set; }

    public RunReport? Finished { get; private set; }

    public IReadOnlyList<TaskView> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public void RunStarted(string runId, string runDirectory, IReadOnlyList<TaskView> tasks, int workers)
    {
        Initial = tasks;
        Workers = workers;
    }

    public void TaskChanged(TaskView task)
    {
        lock (_gate)
        {
            _changes.Add(task);
        }
    }

    public void RunFinished(RunReport report) => Finished = report;

    /// <summary>The position of the first change of <paramref name="id"/> to <paramref name="state"/>.</summary>
    public int IndexOf(string id, Core.Runs.TaskState state)
    {
        var changes = Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Id == id && changes[i].State == state)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{id} never became {state}");
    }
}
