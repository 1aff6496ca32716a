using System.CommandLine;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Engine.Settings;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov rerun</c>: run a previous run's failed, skipped and rate-limited tasks again, with the same settings.</summary>
internal sealed class RerunCommand : Command
{
    private readonly Option<string?> _runDir = CommonOptions.RunDir();
    private readonly Option<string> _tui = new("--tui") { Description = "Live display: full, minimal, off or auto", DefaultValueFactory = _ => "auto" };
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();

    public RerunCommand()
        : base("rerun", "Run the failed, skipped and rate-limited tasks of a run again, with its settings")
    {
        _tui.AcceptOnlyFromAmong("full", "minimal", "off", "auto");
        foreach (var option in new Option[] { _runDir, _tui, _stateDir, _store })
        {
            Options.Add(option);
        }

        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var context = CommandContext.From(parse, _stateDir, _store);
        RunSnapshot snapshot;
        List<string> again;
        await using (var store = await context.OpenStoreAsync(cancellationToken))
        {
            var run = await RunLookup.FindAsync(store, parse.GetValue(_runDir), cancellationToken)
                ?? throw new TokenGovException($"{parse.GetValue(_runDir)}: no such run in {context.StorePath}");
            snapshot = RunSnapshot.FromJson(run.SettingsJson) ?? throw new TokenGovException($"run {run.Id} has no readable settings to replay");
            var results = await store.GetTaskResultsAsync(run.Id, cancellationToken);
            var states = await store.GetTaskStatesAsync(cancellationToken);
            var planOrder = snapshot.Tasks.Select((task, index) => (task.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index);
            again = [.. results
                .OrderBy(result => planOrder.GetValueOrDefault(result.TaskId, int.MaxValue))
                .Where(result => result.State is TaskState.Failed or TaskState.Skipped or TaskState.RateLimited or TaskState.Cancelled)
                .Where(result => !(states.TryGetValue(result.TaskId, out var state) && state.State == TaskState.Completed))
                .Select(result => result.TaskId)];
            if (again.Count == 0)
            {
                await Console.Out.WriteLineAsync($"run {run.Id}: nothing to rerun (no failed, skipped or rate-limited tasks)");
                return 0;
            }
        }

        var runners = RunnerRegistry.CreateDefault();
        var options = snapshot.ToOptions(context.StateDirectory) with { Retry = true, OnlyTasks = again };
        var settings = SettingsLoader.Load(snapshot.ConfigPath, snapshot.WorkingDirectory);
        var loaded = TaskLoader.Load(snapshot.TaskFiles, snapshot.Filter, settings, new RepoResolver(snapshot.ReposDirectory), runners.Types, snapshot.WorkingDirectory);
        await Console.Error.WriteLineAsync($"rerunning {again.Count} task(s): {string.Join(", ", again.Take(10))}{(again.Count > 10 ? ", …" : "")}");
        return await RunExecution.ExecuteAsync(context, options, loaded, runners, parse.GetValue(_tui)!, cancellationToken);
    }
}
