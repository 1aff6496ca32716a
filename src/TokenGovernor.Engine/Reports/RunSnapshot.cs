using System.Text.Json;
using System.Text.Json.Serialization;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Execution;

namespace TokenGovernor.Engine.Reports;

/// <summary>
/// What a run was asked to do, stored with the run: the settings <c>rerun</c> replays and the task details
/// (title, priority, dependencies) that the store's results do not repeat.
/// </summary>
public sealed record RunSnapshot
{
    [JsonPropertyName("task_files")] public IReadOnlyList<string> TaskFiles { get; init; } = [];

    [JsonPropertyName("filter")] public string? Filter { get; init; }

    [JsonPropertyName("working_dir")] public required string WorkingDirectory { get; init; }

    [JsonPropertyName("repos_dir")] public required string ReposDirectory { get; init; }

    [JsonPropertyName("config")] public string? ConfigPath { get; init; }

    [JsonPropertyName("workers")] public int Workers { get; init; }

    [JsonPropertyName("max_runtime_ms")] public long? MaxRuntimeMs { get; init; }

    [JsonPropertyName("idle_timeout_ms")] public long? IdleTimeoutMs { get; init; }

    [JsonPropertyName("grace_period_ms")] public long GracePeriodMs { get; init; }

    [JsonPropertyName("fail_fast")] public bool FailFast { get; init; }

    [JsonPropertyName("retry")] public bool Retry { get; init; }

    [JsonPropertyName("post_run")] public string? PostRun { get; init; }

    [JsonPropertyName("allow_free")] public bool AllowFree { get; init; }

    /// <summary>Null in runs recorded before the cascade: the default then.</summary>
    [JsonPropertyName("rate_limit_block_ms")] public long? RateLimitBlockMs { get; init; }

    [JsonPropertyName("retry_backoff_ms")] public long? RetryBackoffMs { get; init; }

    [JsonPropertyName("tasks")] public IReadOnlyList<SnapshotTask> Tasks { get; init; } = [];

    public static RunSnapshot From(RunOptions options, IReadOnlyList<TaskDefinition> tasks) => new()
    {
        TaskFiles = options.TaskFiles,
        Filter = options.Filter,
        WorkingDirectory = options.WorkingDirectory,
        ReposDirectory = options.ReposDirectory,
        ConfigPath = options.ConfigPath,
        Workers = options.Workers,
        MaxRuntimeMs = Milliseconds(options.MaxRuntime),
        IdleTimeoutMs = Milliseconds(options.IdleTimeout),
        GracePeriodMs = (long)options.GracePeriod.TotalMilliseconds,
        FailFast = options.FailFast,
        Retry = options.Retry,
        PostRun = options.PostRun,
        AllowFree = options.AllowFree,
        RateLimitBlockMs = (long)options.RateLimitBlock.TotalMilliseconds,
        RetryBackoffMs = (long)options.RetryBackoff.TotalMilliseconds,
        Tasks = [.. tasks.Select(task => new SnapshotTask(task.Id, task.Title, task.Repo, task.Priority, task.DependsOn))],
    };

    public RunOptions ToOptions(string stateDirectory) => new()
    {
        TaskFiles = TaskFiles,
        Filter = Filter,
        WorkingDirectory = WorkingDirectory,
        ReposDirectory = ReposDirectory,
        ConfigPath = ConfigPath,
        Workers = Workers,
        MaxRuntime = MaxRuntimeMs is { } runtime ? TimeSpan.FromMilliseconds(runtime) : null,
        IdleTimeout = IdleTimeoutMs is { } idle ? TimeSpan.FromMilliseconds(idle) : null,
        GracePeriod = TimeSpan.FromMilliseconds(GracePeriodMs),
        FailFast = FailFast,
        Retry = Retry,
        PostRun = PostRun,
        AllowFree = AllowFree,
        RateLimitBlock = RateLimitBlockMs is { } block ? TimeSpan.FromMilliseconds(block) : TimeSpan.FromHours(1),
        RetryBackoff = RetryBackoffMs is { } backoff ? TimeSpan.FromMilliseconds(backoff) : TimeSpan.FromSeconds(2),
        StateDirectory = stateDirectory,
    };

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);

    public static RunSnapshot? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSnapshot>(json, ReportJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? Milliseconds(TimeSpan? span) => span is { } value ? (long)value.TotalMilliseconds : null;
}

public sealed record SnapshotTask(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("repo")] string Repo,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("depends_on")] IReadOnlyList<string> DependsOn);

/// <summary>One JSON style for every file the engine writes.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
