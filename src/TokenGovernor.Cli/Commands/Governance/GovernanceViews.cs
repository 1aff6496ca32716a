using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary>The JSON shapes of governance records: snake_case keys, states and windows as their wire strings.</summary>
internal static class GovernanceViews
{
    public static object Budget(Budget budget) => new
    {
        tokens = budget.Tokens,
        usd = budget.Usd,
        window = budget.Window.ToWire(),
    };

    public static object Project(ProjectRecord project) => new
    {
        id = project.Id,
        name = project.Name,
        owner = project.Owner,
        tier = project.Tier,
        budget = new
        {
            tokens = project.Budget.Tokens,
            usd = project.Budget.Usd,
            window = project.Budget.Window.ToWire(),
            time_zone = project.Budget.Window.Zone.Id,
            week_start = project.Budget.Window.WeekStart.ToString().ToLowerInvariant(),
            counted = project.Budget.Counted.ToWire(),
        },
        created_at = project.CreatedAt,
        updated_at = project.UpdatedAt,
    };

    public static object Status(BudgetStatus status) => new
    {
        window_start = status.Window.Start,
        window_end = status.Window.End,
        spent = new { tokens = status.Spent.Tokens, usd = status.Spent.Usd, events = status.Totals.Events, by_kind = Kinds(status.Totals.Tokens) },
        remaining = new { tokens = status.Headroom.TokensLeft, usd = status.Headroom.UsdLeft },
        percent_used = Math.Round(status.Headroom.UsedFraction * 100, 2),
    };

    public static object Kinds(TokenUsage tokens) => new
    {
        input = tokens.Input,
        output = tokens.Output,
        cache_creation = tokens.CacheCreation,
        cache_read = tokens.CacheRead,
        reasoning = tokens.Reasoning,
    };

    public static object Package(PackageRecord package) => new
    {
        id = package.Id,
        project = package.ProjectId,
        name = package.Name,
        budget = Budget(package.Budget),
        priority = package.Priority,
        deadline = package.Deadline,
        created_at = package.CreatedAt,
    };

    public static object Estimate(Estimate estimate) => new
    {
        tokens = estimate.Tokens,
        source = estimate.Source.ToWire(),
        low = estimate.Low,
        high = estimate.High,
        complexity = estimate.Class.ToWire(),
        samples = estimate.Samples,
    };

    public static object Task(GovernedTaskRecord task) => new
    {
        id = task.Id,
        project = task.ProjectId,
        package = task.PackageId,
        parent = task.ParentId,
        title = task.Title,
        runner = task.Runner,
        complexity = task.Estimate.Class.ToWire(),
        estimate = Estimate(task.Estimate),
        budget = Budget(task.Budget),
        priority = task.Priority,
        state = task.State.ToWire(),
        state_reason = task.StateReason,
        checkpoint = task.Checkpoint.ToWire(),
        resumes_at = task.ResumesAt,
        created_at = task.CreatedAt,
        updated_at = task.UpdatedAt,
    };

    public static object Checkpoint(CheckpointRecord checkpoint) => new
    {
        at = checkpoint.At,
        reason = checkpoint.Reason,
        session_id = checkpoint.SessionId,
        git_ref = checkpoint.GitRef,
        summary = checkpoint.Summary,
    };

    public static object Transition(TaskTransitionRecord transition) => new
    {
        at = transition.At,
        from = transition.From.ToWire(),
        to = transition.To.ToWire(),
        reason = transition.Reason,
    };
}
