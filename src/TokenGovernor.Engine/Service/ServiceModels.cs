using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary><c>POST /projects/register</c>.</summary>
public sealed record ProjectRequest(
    string? Id, string? Name, string? Owner, int? Tier, long? BudgetTokens, decimal? BudgetUsd, string? Window, string? TimeZone = null, string? Count = null);

/// <summary><c>POST /packages/register</c>.</summary>
public sealed record PackageRequest(string? Project, string? Id, string? Name, long? BudgetTokens, decimal? BudgetUsd, int? Priority, string? Deadline);

/// <summary><c>POST /tasks/register</c>.</summary>
public sealed record TaskRequest(
    string? Project, string? Package, string? Id, string? Title, long? BudgetTokens, decimal? BudgetUsd, string? Complexity, long? Estimate,
    string? Prompt = null, string? Runner = null, string? Parent = null, int? Priority = null);

/// <summary>One usage event an external agent reports: tokens spent by an agent on a task.</summary>
public sealed record UsageEventRequest(
    string? TaskId,
    string? AgentId,
    string? Model,
    long? InputTokens,
    long? OutputTokens,
    long? CacheCreationTokens = null,
    long? CacheReadTokens = null,
    long? ReasoningTokens = null,
    decimal? CostUsd = null,
    DateTimeOffset? At = null,
    string? Id = null,
    string? Framework = null);

/// <summary><c>POST /usage</c>: one event, or many under <c>events</c>.</summary>
public sealed record UsageBatchRequest(IReadOnlyList<UsageEventRequest>? Events);

/// <summary>What is left of one budget after an event.</summary>
public sealed record RemainingBudget(string Scope, string Id, long? TokensLeft, decimal? UsdLeft, double UsedPercent);

/// <summary>The governor's answer to one usage event.</summary>
public sealed record UsageDecision(
    string EventId, string TaskId, string AgentId, string Decision, string? Reason, DateTimeOffset? ResumesAt, IReadOnlyList<RemainingBudget> Remaining);

/// <summary>The answer to <c>POST /usage</c>, one decision per event in the order sent.</summary>
public sealed record UsageResponse(IReadOnlyList<UsageDecision> Decisions);

public sealed record BudgetView(long? Tokens, decimal? Usd, string Window);

public sealed record ProjectView(string Id, string Name, string Owner, int Tier, BudgetView Budget, DateTimeOffset CreatedAt)
{
    public static ProjectView From(ProjectRecord project) =>
        new(project.Id, project.Name, project.Owner, project.Tier, Views.Budget(project.Budget), project.CreatedAt);
}

public sealed record PackageView(string Id, string Project, string Name, BudgetView Budget, int Priority, DateTimeOffset? Deadline)
{
    public static PackageView From(PackageRecord package) =>
        new(package.Id, package.ProjectId, package.Name, Views.Budget(package.Budget), package.Priority, package.Deadline);
}

public sealed record TaskView(
    string Id, string Project, string? Package, string? Parent, string Title, string State, string? StateReason, string Checkpoint,
    long EstimateTokens, string EstimateSource, string Complexity, BudgetView Budget, int Priority)
{
    public static TaskView From(GovernedTaskRecord task) => new(
        task.Id, task.ProjectId, task.PackageId, task.ParentId, task.Title, task.State.ToWire(), task.StateReason, task.Checkpoint.ToWire(),
        task.Estimate.Tokens, task.Estimate.Source.ToWire(), task.Estimate.Class.ToWire(), Views.Budget(task.Budget), task.Priority);
}

public sealed record AgentView(string Id, string Task, string Runner, string? Model, string? SessionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public static AgentView From(AgentRecord agent) =>
        new(agent.Id, agent.TaskId, agent.Runner, agent.Model, agent.SessionId, agent.StartedAt, agent.EndedAt);
}

/// <summary>A task with a checkpoint requested or saved, and the checkpoints saved for it, oldest first.</summary>
public sealed record CheckpointView(
    string Task, string Project, string State, string Checkpoint, string? Reason, DateTimeOffset UpdatedAt, IReadOnlyList<SavedCheckpointView> Saved);

/// <summary>One saved checkpoint: why and when, the agent's session to resume, the git ref holding the work, and the agent's summary.</summary>
public sealed record SavedCheckpointView(DateTimeOffset At, string Reason, string? Agent, string? SessionId, string? GitRef, string? Summary)
{
    public static SavedCheckpointView From(CheckpointRecord checkpoint) =>
        new(checkpoint.At, checkpoint.Reason, checkpoint.AgentId, checkpoint.SessionId, checkpoint.GitRef, checkpoint.Summary);
}

public sealed record UsageGroupView(string Key, long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, long ReasoningTokens, long TotalTokens, decimal CostUsd, long Events)
{
    public static UsageGroupView From(UsageGroupRecord group)
    {
        var tokens = group.Totals.Tokens;
        return new(group.Key, tokens.Input, tokens.Output, tokens.CacheCreation, tokens.CacheRead, tokens.Reasoning, tokens.Total, group.Totals.CostUsd, group.Totals.Events);
    }
}

/// <summary>
/// The compact status of one project, package, task or agent: short keys and few fields, so the whole report fits
/// in 200 tokens of a model's context.
/// </summary>
public sealed record StatusReport(
    string Level, string Id, string Name, string? State, long Spent, long? Limit, decimal SpentUsd, decimal? LimitUsd, double Pct, string Window,
    string? Decision, IReadOnlyDictionary<string, int>? Tasks, string? Note);

internal static class Views
{
    public static BudgetView Budget(Budget budget) => new(budget.Tokens, budget.Usd, budget.Window.ToWire());
}
