using System.CommandLine;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Cli.Output;
using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov run</c>: load, validate, plan and run task files; write the report.</summary>
internal sealed class RunCommand : Command
{
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();
    private readonly Option<string[]> _tasks = CommonOptions.Tasks();
    private readonly Argument<string[]> _files = CommonOptions.TaskFiles();
    private readonly Option<string?> _reposDir = CommonOptions.ReposDir();
    private readonly Option<string?> _config = CommonOptions.Config();
    private readonly Option<int?> _workers = new("--workers", "-w") { Description = "Tasks run at once (default 4)" };
    private readonly Option<string?> _filter = new("--filter") { Description = "Only tasks whose id matches this glob (comma list allowed), plus what they depend on" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the execution plan and exit" };
    private readonly Option<string?> _maxRuntime = new("--max-runtime") { Description = "Stop an attempt after this long (default 30m; 0 = no limit)" };
    private readonly Option<string?> _idleTimeout = new("--idle-timeout") { Description = "Stop an attempt after no stdout for this long (default 5m; 0 = no limit)" };
    private readonly Option<string?> _gracePeriod = new("--grace-period") { Description = "Time between TERM and KILL when stopping an agent (default 5s)" };
    private readonly Option<bool> _failFast = new("--fail-fast") { Description = "Start no new task after the first failure" };
    private readonly Option<bool> _retry = new("--retry") { Description = "Run failed and interrupted tasks of earlier runs again" };
    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "Continue paused work: tasks paused or waiting for budget resume (their agents' own sessions) when budget frees, instead of the run ending with them paused. Without task files, those of the latest run",
    };
    private readonly Option<bool> _allowFree = new("--allow-free") { Description = "Let runner profiles marked free take tasks" };
    private readonly Option<string> _tui = new("--tui")
    {
        Description = "Live display: full, minimal, off or auto (full on a terminal, off when piped)",
        DefaultValueFactory = _ => "auto",
    };

    public RunCommand()
        : base("run", "Run task files as a dependency DAG and write the report")
    {
        _tui.AcceptOnlyFromAmong("full", "minimal", "off", "auto");
        foreach (var option in new Option[] { _tasks, _reposDir, _config, _workers, _filter, _dryRun, _maxRuntime, _idleTimeout, _gracePeriod, _failFast, _retry, _resume, _tui, _stateDir, _store, _allowFree })
        {
            Options.Add(option);
        }

        Arguments.Add(_files);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var context = CommandContext.From(parse, _stateDir, _store);
        var runners = RunnerRegistry.CreateDefault();
        var flags = new RunFlags
        {
            TaskSpecs = [.. parse.GetValue(_tasks) ?? [], .. parse.GetValue(_files) ?? []],
            ConfigPath = parse.GetValue(_config),
            ReposDir = parse.GetValue(_reposDir),
            Filter = parse.GetValue(_filter),
            Workers = parse.GetValue(_workers),
            MaxRuntime = parse.GetValue(_maxRuntime),
            IdleTimeout = parse.GetValue(_idleTimeout),
            GracePeriod = parse.GetValue(_gracePeriod),
            FailFast = parse.GetValue(_failFast),
            Retry = parse.GetValue(_retry),
            Resume = parse.GetValue(_resume),
            AllowFree = parse.GetValue(_allowFree),
        };
        if (flags.Resume && flags.TaskSpecs.Count == 0)
        {
            flags = await LatestRunFilesAsync(context, flags, cancellationToken);
        }

        var (options, loaded) = RunSetup.Prepare(flags, context, runners);
        WarnAboutUnavailableFeatures(loaded);
        if (parse.GetValue(_dryRun))
        {
            var order = DagScheduler.Order(loaded.Selected);
            await Console.Out.WriteAsync(PlanPrinter.Print(order, options.Workers, task => task.Runner ?? loaded.DefaultRunner));
            return 0;
        }

        return await RunExecution.ExecuteAsync(context, options, loaded, runners, parse.GetValue(_tui)!, cancellationToken);
    }

    /// <summary><c>run --resume</c> without task files continues the latest run's: its task files, repos folder and filter.</summary>
    private static async Task<RunFlags> LatestRunFilesAsync(CommandContext context, RunFlags flags, CancellationToken cancellationToken)
    {
        await using var store = await context.OpenStoreAsync(cancellationToken);
        var latest = await store.GetLatestRunAsync(cancellationToken)
            ?? throw new Core.TokenGovException("run --resume: no earlier run to continue; name the task files");
        var snapshot = Engine.Reports.RunSnapshot.FromJson(latest.SettingsJson)
            ?? throw new Core.TokenGovException($"run --resume: run {latest.Id} has no readable settings; name the task files");
        return flags with { TaskSpecs = snapshot.TaskFiles, ReposDir = flags.ReposDir ?? snapshot.ReposDirectory, Filter = flags.Filter ?? snapshot.Filter };
    }

    /// <summary>Task-file switches this build reads but does not act on yet; say so rather than ignore them silently.</summary>
    private static void WarnAboutUnavailableFeatures(LoadedTasks loaded)
    {
        if (loaded.Set.ParallelRepo)
        {
            Console.Error.WriteLine("warning: parallel_repo (worktree isolation) is not available yet; tasks sharing a repo run one at a time");
        }

        if (loaded.Set.Review is { Enabled: true })
        {
            Console.Error.WriteLine("warning: review is not available yet; tasks are not reviewed after they complete");
        }
    }
}

/// <summary>Runs the engine under signal handling and the chosen live display; shared by run and rerun.</summary>
internal static class RunExecution
{
    public static async Task<int> ExecuteAsync(CommandContext context, RunOptions options, LoadedTasks loaded, RunnerRegistry runners, string tui, CancellationToken cancellationToken)
    {
        using var stop = new StopRequest();
        using var signals = SignalHandler.Install(stop, Console.Error);
        await using var store = await context.OpenStoreAsync(cancellationToken);
        await RegisterGovernedTasksAsync(store, loaded, cancellationToken);
        var display = LiveDisplay.Create(tui, Console.Error);
        var time = GovernorClock.FromEnvironment(Environment.GetEnvironmentVariable, moving: true);
        var engine = new RunEngine(store, runners, display, time, Console.Error);
        var result = await engine.RunAsync(loaded, options, stop, CancellationToken.None);
        var ran = result.Report.Tasks.Where(task => !(task.State == "skipped" && task.Reason?.StartsWith("already completed", StringComparison.Ordinal) == true));
        await TaskFileRegistration.RecordOutcomesAsync(new Registry(store, time), ran.Select(task => (task.Id, TaskStates.Parse(task.State), task.Reason)), CancellationToken.None);
        display.Dispose();
        SummaryPrinter.Print(Console.Out, result.Report);
        return result.ExitCode;
    }

    private static async Task RegisterGovernedTasksAsync(IGovernorStore store, LoadedTasks loaded, CancellationToken cancellationToken)
    {
        var owner = Environment.GetEnvironmentVariable("USER") ?? Environment.UserName;
        var registry = new Registry(store, TimeProvider.System);
        var (packages, tasks) = await TaskFileRegistration.RegisterAsync(registry, loaded.Selected, owner, cancellationToken);
        if (packages + tasks > 0)
        {
            await Console.Error.WriteLineAsync($"registered {tasks} task(s) and {packages} package(s) named in the task files");
        }
    }
}
