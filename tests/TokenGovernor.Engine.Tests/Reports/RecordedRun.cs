using TokenGovernor.Core.Runs;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Tests.Reports;

/// <summary>
/// A finished run written to a real SQLite store the way the engine writes one: six planned tasks, in an order
/// that is not alphabetical, ending completed, failed, skipped, rate-limited, still running and never started.
/// </summary>
internal static class RecordedRun
{
    public const string RunId = "20250314-150926-535beef";

    public static readonly DateTimeOffset StartedAt = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    public static readonly DateTimeOffset EndedAt = StartedAt.AddSeconds(5);

    /// <summary>Task ids in plan order.</summary>
    public static readonly string[] PlanOrder = ["compile", "api", "docs", "quota", "slow", "later"];

    public static TokenUsage CompileTokens { get; } = new(100, 200, 30, 40, 5);

    public static TokenUsage ApiTokens { get; } = new(1, 2, 3, 4, 6);

    public static async Task<RunRecord> WriteAsync(IGovernorStore store, string runDirectory, CancellationToken cancellationToken)
    {
        var options = new RunOptions
        {
            TaskFiles = ["tasks.json"],
            WorkingDirectory = "/work",
            ReposDirectory = "/work/repos",
            StateDirectory = "/work/.token-gov",
            Workers = 3,
            Filter = "*",
        };
        var tasks = new List<TaskDefinition>
        {
            Task("compile", 1),
            Task("api", 2, "compile"),
            Task("docs", 3, "api"),
            Task("quota", 1),
            Task("slow", 1),
            Task("later", 5, "slow"),
        };
        await store.CreateRunAsync(new RunRecord(RunId, StartedAt, null, RunStates.Running, runDirectory, RunSnapshot.From(options, tasks).ToJson(), null), cancellationToken);

        var compileStart = StartedAt.AddMilliseconds(10);
        await store.RecordTaskAsync(
            Result("compile", TaskState.Completed, null, compileStart, compileStart.AddMilliseconds(1500), CompileTokens, 0.25m) with { FinalMessage = "built" },
            Attempt("compile", 2, "completed", compileStart.AddMilliseconds(700), compileStart.AddMilliseconds(1500), CompileTokens, 0.20m),
            null,
            cancellationToken);
        await store.RecordTaskAsync(
            Result("compile", TaskState.Completed, null, compileStart, compileStart.AddMilliseconds(1500), CompileTokens, 0.25m) with { FinalMessage = "built" },
            Attempt("compile", 1, "rate-limited", compileStart, compileStart.AddMilliseconds(600), TokenUsage.Zero, 0.05m),
            null,
            cancellationToken);

        var apiStart = StartedAt.AddMilliseconds(1600);
        await store.RecordTaskAsync(
            Result("api", TaskState.Failed, "exit code 3: tests failed", apiStart, apiStart.AddMilliseconds(250), ApiTokens, 0.125m),
            Attempt("api", 1, "failed", apiStart, apiStart.AddMilliseconds(250), ApiTokens, 0.125m) with { ExitCode = 3, Reason = "exit code 3: tests failed" },
            new TaskStateRecord("api", "acme/api", TaskState.Failed, "exit code 3: tests failed", RunId, apiStart.AddMilliseconds(250)),
            cancellationToken);
        await store.RecordTaskAsync(Result("docs", TaskState.Skipped, "dependency api failed", null, null, TokenUsage.Zero, 0m), null, null, cancellationToken);
        await store.RecordTaskAsync(Result("quota", TaskState.RateLimited, "every runner was rate-limited", StartedAt, StartedAt.AddMilliseconds(80), TokenUsage.Zero, 0m), null, null, cancellationToken);
        await store.RecordTaskAsync(Result("slow", TaskState.Running, null, StartedAt.AddSeconds(2), null, TokenUsage.Zero, 0m), null, null, cancellationToken);

        await store.FinishRunAsync(RunId, EndedAt, RunStates.Failed, 1, cancellationToken);
        return await store.GetRunAsync(RunId, cancellationToken) ?? throw new InvalidOperationException("the run was not stored");
    }

    private static TaskDefinition Task(string id, int priority, params string[] dependsOn) => new()
    {
        Id = id,
        Repo = $"acme/{id}",
        Priority = priority,
        Title = $"Task {id}",
        Prompt = "true",
        DependsOn = dependsOn,
        SourceFile = "tasks.json",
    };

    private static TaskResultRecord Result(string id, TaskState state, string? reason, DateTimeOffset? started, DateTimeOffset? ended, TokenUsage tokens, decimal cost) =>
        new(RunId, id, $"acme/{id}", state, reason, started is null ? null : "script", started, ended, tokens, cost, null, started is null ? null : $"/work/.token-gov/runs/{RunId}/tasks/{id}/1-script");

    private static AttemptRecord Attempt(string id, int number, string outcome, DateTimeOffset started, DateTimeOffset ended, TokenUsage tokens, decimal cost) =>
        new(RunId, id, number, "script", null, started, ended, 0, outcome, null, $"/work/.token-gov/runs/{RunId}/tasks/{id}/{number}-script", tokens, cost, null);
}
