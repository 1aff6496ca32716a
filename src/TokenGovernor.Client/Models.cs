namespace TokenGovernor.Client;

public sealed record BudgetInfo(long? Tokens, decimal? Usd, string Window);

public sealed record ProjectInfo(string Id, string Name, string Owner, int Tier, BudgetInfo Budget, DateTimeOffset CreatedAt);

public sealed record PackageInfo(string Id, string Project, string Name, BudgetInfo Budget, int Priority, DateTimeOffset? Deadline);

public sealed record TaskInfo(
    string Id, string Project, string? Package, string? Parent, string Title, string State, string? StateReason, string Checkpoint,
    long EstimateTokens, string EstimateSource, string Complexity, BudgetInfo Budget, int Priority);

public sealed record AgentInfo(string Id, string Task, string Runner, string? Model, string? SessionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record CheckpointInfo(
    string Task, string Project, string State, string Checkpoint, string? Reason, DateTimeOffset UpdatedAt, IReadOnlyList<SavedCheckpoint>? Saved);

/// <summary>One saved checkpoint of a task: why and when, the agent's session to resume, the git ref holding the work, the agent's summary.</summary>
public sealed record SavedCheckpoint(DateTimeOffset At, string Reason, string? Agent, string? SessionId, string? GitRef, string? Summary);

public sealed record UsageGroup(string Key, long InputTokens, long OutputTokens, long CacheCreationTokens, long CacheReadTokens, long ReasoningTokens, long TotalTokens, decimal CostUsd, long Events);

public sealed record StatusInfo(
    string Level, string Id, string Name, string? State, long Spent, long? Limit, decimal SpentUsd, decimal? LimitUsd, double Pct, string Window,
    string? Decision, IReadOnlyDictionary<string, int>? Tasks, string? Note);

public sealed record NewProject(string Name, string Owner, long? BudgetTokens = null, decimal? BudgetUsd = null, string Window = "total", int Tier = 2, string? Id = null);

public sealed record NewPackage(string Project, string Name, long? BudgetTokens = null, decimal? BudgetUsd = null, int Priority = 0, string? Deadline = null, string? Id = null);

public sealed record NewTask(
    string Project, string Title, string? Id = null, string? Package = null, long? BudgetTokens = null, decimal? BudgetUsd = null,
    string? Complexity = null, long? Estimate = null, string? Prompt = null, int Priority = 0);

/// <summary>Tokens one agent spent on one task, reported after a model call.</summary>
public sealed record UsageEvent(
    string TaskId, string AgentId, string? Model, long InputTokens, long OutputTokens, long CacheCreationTokens = 0, long CacheReadTokens = 0,
    long ReasoningTokens = 0, decimal? CostUsd = null, DateTimeOffset? At = null, string? Id = null, string? Framework = null);

public sealed record RemainingBudget(string Scope, string Id, long? TokensLeft, decimal? UsdLeft, double UsedPercent);

/// <summary>The governor's answer to one usage event: <c>continue</c>, <c>request-checkpoint</c>, <c>pause</c> or <c>stop</c>.</summary>
public sealed record UsageDecision(
    string EventId, string TaskId, string AgentId, string Decision, string? Reason, DateTimeOffset? ResumesAt, IReadOnlyList<RemainingBudget> Remaining)
{
    public bool MustStop => Decision is Decisions.Pause or Decisions.Stop;

    public bool CheckpointRequested => Decision == Decisions.RequestCheckpoint;
}

public static class Decisions
{
    public const string Continue = "continue";
    public const string RequestCheckpoint = "request-checkpoint";
    public const string Pause = "pause";
    public const string Stop = "stop";
}

/// <summary>One event of the live feed.</summary>
public sealed record GovernorEvent(long Seq, string Type, DateTimeOffset At, string? Project, string? Task, System.Text.Json.JsonElement Data);

internal sealed record UsageBatch(IReadOnlyList<UsageEvent> Events);

internal sealed record UsageAnswer(IReadOnlyList<UsageDecision> Decisions);

internal sealed record Reason(string? Text)
{
    [System.Text.Json.Serialization.JsonPropertyName("reason")]
    public string? Text { get; init; } = Text;
}

/// <summary>Work to submit to the service's workers: task files on the server's machine (relative to where <c>serve</c> runs).</summary>
public sealed record NewRun(IReadOnlyList<string> Files, string? Filter = null, int? Workers = null, string? ReposDir = null, string? Config = null);

public sealed record RunTaskInfo(string Id, string Title, string State, string? Reason);

/// <summary>A submitted run: queued, running, paused, completed, failed, rate-limited, cancelled or interrupted; its exit code once ended.</summary>
public sealed record RunInfo(
    string Id, string State, string Origin, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? RunId, int? ExitCode, string? Reason,
    IReadOnlyList<string> Files, IReadOnlyList<RunTaskInfo> Tasks);
