using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Settings;
using TokenGovernor.Storage;
using static TokenGovernor.Engine.Tests.ScratchDirectory;

namespace TokenGovernor.Engine.Tests.Execution;

/// <summary>The engine's cascade loop with runners that end as told: retries, fall-through, blocks and the graylist in the store.</summary>
public sealed class CascadeTests : IAsyncLifetime, IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly ToldRunner _codex = new("codex");
    private readonly ToldRunner _gemini = new("gemini");
    private SqliteGovernorStore _store = null!;

    public async Task InitializeAsync() =>
        _store = await SqliteGovernorStore.OpenAsync(_scratch.File(".token-gov/governor.db"), TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _scratch.Dispose();

    private static ServiceFailure Failure(ServiceFailureKind kind, DateTimeOffset? resetsAt = null) => new(kind, null, resetsAt, $"told to fail: {kind}");

    private async Task<(RunResult Result, IReadOnlyList<AttemptRecord> Attempts)> RunAsync(JsonObject? runners = null, string id = "hello")
    {
        _scratch.Folder("repos/acme/web");
        var task = Task(id, "acme/web", "say hello");
        task["runner"] = runners is null ? "codex" : "zai";
        task["fallbacks"] = new JsonArray("gemini");
        var file = new JsonObject { ["tasks"] = new JsonArray(task) };
        if (runners is not null)
        {
            file["runners"] = runners;
        }

        _scratch.TaskFile("tasks.json", file);
        var registry = new RunnerRegistry([_codex, _gemini]);
        var loaded = TaskLoader.Load(["tasks.json"], null, GovernorSettings.Empty, new RepoResolver(_scratch.File("repos")), registry.Types, _scratch.Path);
        var options = new RunOptions
        {
            TaskFiles = ["tasks.json"],
            WorkingDirectory = _scratch.Path,
            ReposDirectory = _scratch.File("repos"),
            StateDirectory = _scratch.File(".token-gov"),
            RetryBackoff = TimeSpan.FromMilliseconds(10),
        };
        using var stop = new StopRequest();
        var result = await new RunEngine(_store, registry, new RecordingObserver(), TimeProvider.System, TextWriter.Null).RunAsync(loaded, options, stop, CancellationToken.None);
        return (result, await _store.GetAttemptsAsync(result.Report.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task A_server_error_is_retried_on_the_same_runner_until_it_answers()
    {
        _codex.Tell(Failure(ServiceFailureKind.ServerError), Failure(ServiceFailureKind.ServerError), null);

        var (result, attempts) = await RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["codex", "codex", "codex"], attempts.Select(attempt => attempt.Runner));
        Assert.Equal(["failed", "failed", "completed"], attempts.Select(attempt => attempt.Outcome));
        Assert.Equal(3, attempts.Select(attempt => attempt.OutputDirectory).Distinct().Count());
        Assert.Null(Assert.Single(result.Report.Tasks).Tried);
        Assert.Equal(0, _gemini.Calls);
    }

    [Fact]
    public async Task Server_errors_beyond_the_retries_hand_the_task_to_the_next_runner()
    {
        _codex.Tell(Failure(ServiceFailureKind.ServerError), Failure(ServiceFailureKind.ServerError), Failure(ServiceFailureKind.ServerError));

        var (result, attempts) = await RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["codex", "codex", "codex", "gemini"], attempts.Select(attempt => attempt.Runner));
        var task = Assert.Single(result.Report.Tasks);
        Assert.Equal("codex→gemini", task.Tried);
        Assert.Equal("gemini", task.Runner);
        Assert.Empty(await _store.ListRunnerBlocksAsync(DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Fact]
    public async Task A_lost_connection_moves_on_at_once_without_blocking_the_runner()
    {
        _codex.Tell(Failure(ServiceFailureKind.Connectivity));

        var (result, attempts) = await RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["codex", "gemini"], attempts.Select(attempt => attempt.Runner));
        Assert.Empty(await _store.ListRunnerBlocksAsync(DateTimeOffset.UtcNow, CancellationToken.None));
    }

    [Fact]
    public async Task A_rate_limit_blocks_the_runner_until_the_reset_time_it_gave()
    {
        var resets = DateTimeOffset.UtcNow.AddMinutes(20);
        resets = resets.AddTicks(-(resets.Ticks % TimeSpan.TicksPerSecond));
        _codex.Tell(Failure(ServiceFailureKind.RateLimited, resets));

        var (result, attempts) = await RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["rate-limited", "completed"], attempts.Select(attempt => attempt.Outcome));
        var block = await _store.GetRunnerBlockAsync("codex", null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(resets, block?.BlockedUntil);
        Assert.Equal("told to fail: RateLimited", block?.Reason);
    }

    [Fact]
    public async Task Every_runner_rate_limited_ends_the_task_rate_limited_and_the_run_with_exit_code_4()
    {
        _codex.Tell(Failure(ServiceFailureKind.RateLimited));
        _gemini.Tell(Failure(ServiceFailureKind.RateLimited));

        var (result, _) = await RunAsync();

        Assert.Equal(ExitCodes.RateLimited, result.ExitCode);
        var task = Assert.Single(result.Report.Tasks);
        Assert.Equal("rate-limited", task.State);
        Assert.Equal(2, (await _store.ListRunnerBlocksAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Count);
        Assert.Equal(TaskState.RateLimited, (await _store.GetTaskStatesAsync(CancellationToken.None))["hello"].State);
    }

    [Fact]
    public async Task A_rate_limited_runner_and_a_failing_one_end_the_task_failed()
    {
        _codex.Tell(Failure(ServiceFailureKind.RateLimited));
        _gemini.Tell(Failure(ServiceFailureKind.Connectivity));

        var (result, _) = await RunAsync();

        Assert.Equal(ExitCodes.TaskFailed, result.ExitCode);
        var task = Assert.Single(result.Report.Tasks);
        Assert.Equal("failed", task.State);
        Assert.StartsWith("no runner left: codex rate-limited until ", task.Reason, StringComparison.Ordinal);
        Assert.Contains("gemini connectivity: told to fail: Connectivity", task.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_graylist_is_model_aware()
    {
        await _store.AddToGraylistAsync(new GraylistRecord("zai", "model-a", "bad tools", GraylistRecord.Manual, DateTimeOffset.UtcNow), CancellationToken.None);

        var (_, skipped) = await RunAsync(new JsonObject { ["zai"] = new JsonObject { ["type"] = "codex", ["model"] = "model-a" } });
        Assert.Equal(["gemini"], skipped.Select(attempt => attempt.Runner));

        var (_, used) = await RunAsync(new JsonObject { ["zai"] = new JsonObject { ["type"] = "codex", ["model"] = "model-b" } }, id: "again");
        Assert.Equal(["zai"], used.Select(attempt => attempt.Runner));
        Assert.Equal("model-b", used[0].Model);
    }

    /// <summary>A runner that ends each attempt as it was told (null: success), then succeeds.</summary>
    private sealed class ToldRunner(string type) : IAgentRunner
    {
        private readonly ConcurrentQueue<ServiceFailure?> _told = new();

        public string Type => type;

        public int Calls { get; private set; }

        public void Tell(params ServiceFailure?[] failures)
        {
            foreach (var failure in failures)
            {
                _told.Enqueue(failure);
            }
        }

        public Task<AgentAttemptResult> RunAsync(AgentRequest request, ProcessLimits limits, Action<AgentEvent>? onEvent, TimeProvider time, CancellationToken gracefulStop, CancellationToken forcedStop)
        {
            Calls++;
            var now = time.GetUtcNow();
            onEvent?.Invoke(new AgentText(now, "working"));
            var failure = _told.TryDequeue(out var next) ? next : null;
            var process = new ProcessResult(1, failure is null ? 0 : 1, null, StopReason.None, null, now, now, null);
            return System.Threading.Tasks.Task.FromResult(new AgentAttemptResult(process, failure is null, "done", null, TokenUsage.Zero, 0m) { Failure = failure });
        }
    }
}
