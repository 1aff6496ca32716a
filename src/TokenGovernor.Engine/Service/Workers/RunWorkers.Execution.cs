using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service.Workers;


public sealed partial class RunWorkers : IHostedService
{
    private volatile bool _running;

    /// <summary>Raised when a run of this process ends, so the scheduler looks at the store again at once.</summary>
    public event Action? RunEnded;

    /// <summary>The runs executing now, by the id of the run in the store, with the submission each belongs to.</summary>
    public IReadOnlyDictionary<string, string> ActiveRunIds =>
        _active.Values.Where(active => active.RunId is not null).ToDictionary(active => active.RunId!, active => active.SubmissionId, StringComparer.Ordinal);

    /// <summary>True while the submission executes in this process.</summary>
    public bool IsActive(string submissionId) => _active.ContainsKey(submissionId);

    /// <summary>Continues what an earlier <c>serve</c> left queued, running or interrupted.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        foreach (var submission in await _store.ListSubmissionsAsync(SubmissionStates.Unfinished, cancellationToken))
        {
            Start(submission, retry: submission.State != SubmissionStates.Queued);
        }
    }

    /// <summary>Stops every run gracefully (their agents' process groups, tasks left paused or interrupted) and waits for them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        var active = _active.Values.ToList();
        foreach (var run in active)
        {
            run.Stop.Request("SIGTERM");
        }

        try
        {
            await Task.WhenAll(active.Select(run => run.Finished)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown time is up: the second request stops what is left at once.
            foreach (var run in active)
            {
                run.Stop.Request("SIGTERM");
            }

            await Task.WhenAll(active.Select(run => run.Finished)).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
    }

    /// <summary>
    /// Executes a stored submission again (the scheduler resuming its paused tasks): tasks it completed are skipped,
    /// the others run or wait for budget. False when it is executing already or the workers are stopping.
    /// </summary>
    public bool Resume(SubmissionRecord submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return _running && Start(submission, retry: false);
    }

    /// <summary>Stores a submission the scheduler makes for work an earlier <c>run</c> left paused, and executes it.</summary>
    public async Task<SubmissionRecord?> ResumeRunAsync(RunRecord run, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunSnapshot.FromJson(run.SettingsJson) is not { } snapshot || !_running)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var submission = new SubmissionRecord(NewId(now), now, now, SubmissionStates.Queued, "scheduler", ServiceCaller.AdminScope,
            (snapshot with { Retry = false }).ToJson(), [.. snapshot.Tasks.Select(task => task.Id)], null, null, $"resumes {string.Join(", ", taskIds)} of run {run.Id}");
        await _store.CreateSubmissionAsync(submission, cancellationToken);
        Start(submission, retry: false);
        return submission;
    }

    private bool Start(SubmissionRecord submission, bool retry)
    {
        var active = new ActiveRun(submission.Id);
        if (!_active.TryAdd(submission.Id, active))
        {
            active.Dispose();
            return false;
        }

        active.Finished = Task.Run(() => ExecuteAsync(submission, retry, active), CancellationToken.None);
        return true;
    }

    private async Task ExecuteAsync(SubmissionRecord submission, bool retry, ActiveRun active)
    {
        string state;
        int? exitCode = null;
        string? reason = null;
        try
        {
            await _store.UpdateSubmissionAsync(submission.Id, null, SubmissionStates.Running, submission.RunId, null, submission.Reason, _time.GetUtcNow(), CancellationToken.None);
            var snapshot = RunSnapshot.FromJson(submission.Request) ?? throw new Core.TokenGovException($"run {submission.Id}: its stored request is not readable");
            var loaded = Load(snapshot);
            var registry = new Registry(_store, _time);
            await TaskFileRegistration.RegisterAsync(registry, loaded.Selected, _options.Owner, CancellationToken.None);
            var options = snapshot.ToOptions(_options.StateDirectory) with
            {
                WaitForBudget = true,
                Retry = retry,
                Slots = Slots,
                Workers = Math.Max(1, Math.Min(snapshot.Workers, Slots.Size)),
                BudgetPollInterval = _options.BudgetPollInterval,
            };
            var projects = await ProjectsAsync(loaded.Selected, CancellationToken.None);
            var observer = new FeedObserver(_events, submission.Id, projects, active);
            var engine = new RunEngine(_store, _options.Runners, observer, _time, _options.Diagnostics);
            var result = await engine.RunAsync(loaded, options, active.Stop, CancellationToken.None);
            var ran = result.Report.Tasks.Where(task => !(task.State == "skipped" && task.Reason?.StartsWith("already completed", StringComparison.Ordinal) == true));
            await TaskFileRegistration.RecordOutcomesAsync(registry, ran.Select(task => (task.Id, TaskStates.Parse(task.State), task.Reason)), CancellationToken.None);
            exitCode = result.ExitCode;
            state = active.Cancelled ? SubmissionStates.Cancelled : result.Report.State switch
            {
                RunStates.Completed => SubmissionStates.Completed,
                RunStates.Paused => SubmissionStates.Paused,
                RunStates.RateLimited => SubmissionStates.RateLimited,
                RunStates.Interrupted => SubmissionStates.Interrupted,
                _ => SubmissionStates.Failed,
            };
            reason = active.Cancelled ? "cancelled through the API" : state == SubmissionStates.Interrupted ? "serve stopped; a restarted serve continues it" : null;
        }
        catch (Exception error) when (error is Core.TokenGovException or Loading.TaskFileException or IOException)
        {
            state = SubmissionStates.Failed;
            exitCode = Core.ExitCodes.InputError;
            reason = error is Loading.TaskFileException files ? string.Join("; ", files.Problems) : error.Message;
            await _options.Diagnostics.WriteLineAsync($"token-gov serve: run {submission.Id} failed: {reason}");
        }

        try
        {
            await _store.UpdateSubmissionAsync(submission.Id, null, state, active.RunId ?? submission.RunId, exitCode, reason, _time.GetUtcNow(), CancellationToken.None);
        }
        finally
        {
            // The stop request stays undisposed: a cancel arriving now may still signal it.
            _active.TryRemove(submission.Id, out _);
            RunEnded?.Invoke();
        }
    }

    private async Task<Dictionary<string, string>> ProjectsAsync(IEnumerable<Core.Tasks.TaskDefinition> tasks, CancellationToken cancellationToken)
    {
        var projects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in tasks.Where(task => task.Project is not null))
        {
            if (await _store.FindProjectAsync(task.Project!, cancellationToken) is { } project)
            {
                projects[task.Id] = project.Id;
            }
        }

        return projects;
    }

    /// <summary>One submission executing now: how to stop it, the run executing it, and its tasks as last seen.</summary>
    internal sealed class ActiveRun(string submissionId) : IDisposable
    {
        public string SubmissionId { get; } = submissionId;

        public StopRequest Stop { get; } = new();

        public Task Finished { get; set; } = Task.CompletedTask;

        public string? RunId { get; set; }

        public bool Cancelled { get; private set; }

        public ConcurrentDictionary<string, Execution.TaskView> Views { get; } = new(StringComparer.Ordinal);

        public void Cancel()
        {
            Cancelled = true;
            Stop.Request("cancel");
        }

        public void Dispose() => Stop.Dispose();
    }
}
