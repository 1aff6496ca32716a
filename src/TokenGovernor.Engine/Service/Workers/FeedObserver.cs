using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service.Workers;


/// <summary>
/// Publishes what the runs of <c>serve</c> do to the live feed and the webhooks, the same way as what external agents
/// report through the API: each task state change, each checkpoint request, and the governor's decision behind a
/// checkpoint request or a pause.
/// </summary>
internal sealed class FeedObserver(GovernorEvents events, string submissionId, IReadOnlyDictionary<string, string> projects, RunWorkers.ActiveRun active) : IRunObserver
{
    public void RunStarted(string runId, string runDirectory, IReadOnlyList<Execution.TaskView> tasks, int workers)
    {
        active.RunId = runId;
        foreach (var task in tasks)
        {
            active.Views[task.Id] = task;
        }
    }

    public void TaskChanged(Execution.TaskView task)
    {
        var before = active.Views.TryGetValue(task.Id, out var previous) ? previous.State : (TaskState?)null;
        active.Views[task.Id] = task;
        if (before == task.State && previous?.Reason == task.Reason)
        {
            return;
        }

        var project = projects.GetValueOrDefault(task.Id);
        var data = new { task = task.Id, from = before?.ToWire(), state = task.State.ToWire(), reason = task.Reason, run = submissionId, run_id = active.RunId };
        switch (task.State)
        {
            case TaskState.Paused:
                if (task.Reason?.Contains("budget", StringComparison.Ordinal) == true)
                {
                    events.Publish(GovernorEventTypes.BudgetExhausted, project, task.Id, data);
                }

                events.Publish(GovernorEventTypes.Paused, project, task.Id, data);
                break;
            case TaskState.Failed:
                events.Publish(GovernorEventTypes.Failed, project, task.Id, data);
                break;
            case TaskState.Running when before is TaskState.Paused or TaskState.Waiting:
                events.Publish(GovernorEventTypes.Resumed, project, task.Id, data);
                events.Publish(GovernorEventTypes.StateChanged, project, task.Id, data);
                break;
            default:
                events.Publish(GovernorEventTypes.StateChanged, project, task.Id, data);
                break;
        }
    }

    public void CheckpointRequested(string taskId, string reason)
    {
        var project = projects.GetValueOrDefault(taskId);
        events.Publish(GovernorEventTypes.ThresholdCrossed, project, taskId, new { task = taskId, reason, run = submissionId });
        events.Publish(GovernorEventTypes.CheckpointRequested, project, taskId, new { task = taskId, reason, run = submissionId });
    }

    public void Metered(UsageEventRecord usage, DecisionRecord decision)
    {
        var tokens = usage.Tokens;
        events.Publish(GovernorEventTypes.Usage, usage.ProjectId, usage.TaskId, new
        {
            id = usage.Id, task = usage.TaskId, agent = usage.AgentId, model = usage.Model, input = tokens.Input, output = tokens.Output,
            cache_creation = tokens.CacheCreation, cache_read = tokens.CacheRead, reasoning = tokens.Reasoning, cost_usd = usage.CostUsd, run = submissionId,
        });
        events.Publish(GovernorEventTypes.Decision, usage.ProjectId, usage.TaskId, new
        {
            event_id = usage.Id, task_id = usage.TaskId, agent_id = usage.AgentId, decision = decision.Decision.ToWire(), reason = decision.Reason,
            scope = decision.Scope?.ToWire(), used_percent = Math.Round(decision.UsedFraction * 100, 2), run = submissionId,
        });
    }

    public void RunFinished(RunReport report)
    {
    }
}
