using System.Text.Json.Nodes;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Engine.Settings;
using TokenGovernor.Storage;
using static TokenGovernor.Engine.Tests.ScratchDirectory;

namespace TokenGovernor.Engine.Tests.Execution;

public sealed class RunEngineTests : IAsyncLifetime, IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly RecordingObserver _observer = new();
    private SqliteGovernorStore _store = null!;

    private string StateDirectory => _scratch.File(".token-gov");

    public async Task InitializeAsync() =>
        _store = await SqliteGovernorStore.OpenAsync(Path.Combine(StateDirectory, "governor.db"), TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _scratch.Dispose();

    private async Task<RunResult> RunAsync(JsonObject taskFile, int workers)
    {
        foreach (var task in taskFile["tasks"]!.AsArray())
        {
            _scratch.Folder(Path.Combine("repos", (string)task!["repo"]!));
        }

        _scratch.TaskFile("tasks.json", taskFile);
        var registry = RunnerRegistry.CreateDefault();
        var loaded = TaskLoader.Load(["tasks.json"], null, GovernorSettings.Empty, new RepoResolver(_scratch.File("repos")), registry.Types, _scratch.Path);
        var options = new RunOptions
        {
            TaskFiles = ["tasks.json"],
            WorkingDirectory = _scratch.Path,
            ReposDirectory = _scratch.File("repos"),
            StateDirectory = StateDirectory,
            Workers = workers,
        };
        using var stop = new StopRequest();
        var engine = new RunEngine(_store, registry, _observer, TimeProvider.System, TextWriter.Null);
        return await engine.RunAsync(loaded, options, stop, CancellationToken.None);
    }

    private TaskView Final(string id) => _observer.Changes.Last(change => change.Id == id);

    [Fact]
    public async Task Observer_sees_each_task_run_then_complete_in_dependency_order()
    {
        var file = new JsonObject
        {
            ["default_runner"] = "script",
            ["tasks"] = new JsonArray(
                Task("build", "acme/one", "echo built"),
                Task("test", "acme/two", "echo tested", "build"),
                Task("ship", "acme/three", "echo shipped", "test")),
        };

        var result = await RunAsync(file, workers: 4);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["build", "test", "ship"], _observer.Initial.Select(task => task.Id));
        Assert.All(_observer.Initial, task => Assert.Equal(TaskState.Pending, task.State));
        Assert.Equal(4, _observer.Workers);
        foreach (var id in new[] { "build", "test", "ship" })
        {
            Assert.Equal([TaskState.Running, TaskState.Completed], _observer.Changes.Where(change => change.Id == id).Select(change => change.State));
        }

        Assert.True(_observer.IndexOf("build", TaskState.Completed) < _observer.IndexOf("test", TaskState.Running));
        Assert.True(_observer.IndexOf("test", TaskState.Completed) < _observer.IndexOf("ship", TaskState.Running));
        Assert.True(Final("test").StartedAt >= Final("build").EndedAt);
        Assert.True(Final("ship").StartedAt >= Final("test").EndedAt);

        var report = Assert.IsType<RunReport>(_observer.Finished);
        Assert.Equal(3, report.Summary.Completed);
        Assert.Equal(RunStates.Completed, report.State);
        Assert.Equal("shipped", report.Tasks.Single(task => task.Id == "ship").FinalMessage);
        Assert.NotNull(ReportWriter.Read(report.RunDirectory));
        var states = await _store.GetTaskStatesAsync(CancellationToken.None);
        Assert.All(["build", "test", "ship"], id => Assert.Equal(TaskState.Completed, states[id].State));
    }

    [Fact]
    public async Task Max_concurrent_of_one_keeps_tasks_of_different_repos_from_overlapping()
    {
        const string Sleep = "sleep 0.4; echo done";
        var file = new JsonObject
        {
            ["default_runner"] = "solo",
            ["runners"] = new JsonObject { ["solo"] = new JsonObject { ["type"] = "script", ["max_concurrent"] = 1 } },
            ["tasks"] = new JsonArray(Task("left", "acme/left", Sleep), Task("right", "acme/right", Sleep), Task("middle", "acme/middle", Sleep)),
        };

        var result = await RunAsync(file, workers: 3);

        Assert.Equal(0, result.ExitCode);
        var spans = new[] { "left", "right", "middle" }
            .Select(id => (Start: Final(id).StartedAt!.Value, End: Final(id).EndedAt!.Value))
            .OrderBy(span => span.Start)
            .ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"task {i} started at {spans[i].Start:O} before the previous one ended at {spans[i - 1].End:O}");
        }

        Assert.All(_observer.Changes.Where(change => change.State == TaskState.Completed), change => Assert.Equal("solo", change.Runner));
    }
}
