using System.Text.Json.Serialization;

namespace TokenGovernor.Engine.Reports;

/// <summary>The run report as written to <c>report.json</c>: states as strings, ISO-8601 times, durations in ms.</summary>
public sealed record RunReport
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }

    [JsonPropertyName("started_at")] public required DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("ended_at")] public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }

    [JsonPropertyName("run_dir")] public required string RunDirectory { get; init; }

    [JsonPropertyName("task_files")] public IReadOnlyList<string> TaskFiles { get; init; } = [];

    [JsonPropertyName("settings")] public required ReportSettings Settings { get; init; }

    [JsonPropertyName("summary")] public required ReportSummary Summary { get; init; }

    [JsonPropertyName("tokens")] public required ReportTokens Tokens { get; init; }

    [JsonPropertyName("cost_usd")] public decimal CostUsd { get; init; }

    [JsonPropertyName("tasks")] public IReadOnlyList<ReportTask> Tasks { get; init; } = [];
}

public sealed record ReportSettings(
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("repos_dir")] string ReposDirectory,
    [property: JsonPropertyName("filter")] string? Filter,
    [property: JsonPropertyName("max_runtime_ms")] long? MaxRuntimeMs,
    [property: JsonPropertyName("idle_timeout_ms")] long? IdleTimeoutMs,
    [property: JsonPropertyName("fail_fast")] bool FailFast,
    [property: JsonPropertyName("retry")] bool Retry);

public sealed record ReportSummary(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("cancelled")] int Cancelled,
    [property: JsonPropertyName("rate_limited")] int RateLimited,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("pending")] int Pending)
{
    /// <summary>Tasks paused for budget (or by hand); not counted as pending.</summary>
    [JsonPropertyName("paused")] public int Paused { get; init; }
}

public sealed record ReportTokens(
    [property: JsonPropertyName("input")] long Input,
    [property: JsonPropertyName("output")] long Output,
    [property: JsonPropertyName("cache_creation")] long CacheCreation,
    [property: JsonPropertyName("cache_read")] long CacheRead,
    [property: JsonPropertyName("reasoning")] long Reasoning,
    [property: JsonPropertyName("total")] long Total)
{
    public static ReportTokens From(Core.Runs.TokenUsage usage) =>
        new(usage.Input, usage.Output, usage.CacheCreation, usage.CacheRead, usage.Reasoning, usage.Total);
}

public sealed record ReportTask
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("title")] public string? Title { get; init; }

    [JsonPropertyName("repo")] public required string Repo { get; init; }

    [JsonPropertyName("priority")] public int Priority { get; init; }

    [JsonPropertyName("depends_on")] public IReadOnlyList<string> DependsOn { get; init; } = [];

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("reason")] public string? Reason { get; init; }

    [JsonPropertyName("runner")] public string? Runner { get; init; }

    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }

    [JsonPropertyName("ended_at")] public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }

    [JsonPropertyName("final_message")] public string? FinalMessage { get; init; }

    [JsonPropertyName("output_dir")] public string? OutputDirectory { get; init; }

    [JsonPropertyName("tokens")] public required ReportTokens Tokens { get; init; }

    [JsonPropertyName("cost_usd")] public decimal CostUsd { get; init; }

    [JsonPropertyName("attempts")] public IReadOnlyList<ReportAttempt> Attempts { get; init; } = [];

    /// <summary>The runners the fallback cascade went through, "codex→zai→claude"; null when the task had only one.</summary>
    [JsonPropertyName("tried")] public string? Tried { get; init; }

    /// <summary>For a task paused for budget: when the budget's window has room again; null when only a higher limit helps.</summary>
    [JsonPropertyName("resumes_at")] public DateTimeOffset? ResumesAt { get; init; }

    /// <summary>"requested" when the governor asked the task to checkpoint in this run; "saved" once its work in progress is on a checkpoint branch.</summary>
    [JsonPropertyName("checkpoint")] public string? Checkpoint { get; init; }

    /// <summary>The git branch (token-gov/checkpoint/&lt;task&gt;/&lt;n&gt;) holding what a stopped agent left uncommitted.</summary>
    [JsonPropertyName("checkpoint_branch")] public string? CheckpointBranch { get; init; }

    /// <summary>For a paused task with a saved checkpoint: the agent's session id its resumed attempt continues.</summary>
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
}

public sealed record ReportAttempt
{
    [JsonPropertyName("number")] public int Number { get; init; }

    [JsonPropertyName("runner")] public required string Runner { get; init; }

    [JsonPropertyName("model")] public string? Model { get; init; }

    [JsonPropertyName("outcome")] public required string Outcome { get; init; }

    [JsonPropertyName("reason")] public string? Reason { get; init; }

    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }

    [JsonPropertyName("started_at")] public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("ended_at")] public DateTimeOffset? EndedAt { get; init; }

    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }

    [JsonPropertyName("output_dir")] public required string OutputDirectory { get; init; }

    [JsonPropertyName("session_id")] public string? SessionId { get; init; }

    [JsonPropertyName("tokens")] public required ReportTokens Tokens { get; init; }

    [JsonPropertyName("cost_usd")] public decimal CostUsd { get; init; }
}
