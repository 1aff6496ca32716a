using System.Collections.Concurrent;
using TokenGovernor.Core;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Reports;
using TokenGovernor.Engine.Settings;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service.Workers;

/// <summary>
/// The workers of <c>serve</c>: runs submitted through the API (and work the scheduler resumes) execute here through
/// the same <see cref="RunEngine"/> as <c>run --resume</c>, all of them under one worker pool. Submissions are stored,
/// so a restarted <c>serve</c> continues what was queued or unfinished.
/// </summary>
public sealed partial class RunWorkers
{
    private readonly IGovernorStore _store;
    private readonly GovernorEvents _events;
    private readonly TimeProvider _time;
    private readonly RunWorkersOptions _options;
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);

    public RunWorkers(IGovernorStore store, GovernorEvents events, TimeProvider time, RunWorkersOptions options)
    {
        _store = store;
        _events = events;
        _time = time;
        _options = options;
        Slots = new WorkerSlots(options.Workers);
    }

    /// <summary>The worker pool every run of this process shares.</summary>
    public WorkerSlots Slots { get; }

    /// <summary>Validates and stores a submission; the workers start it at once when they run in this process.</summary>
    public async Task<RunView> SubmitAsync(ServiceCaller caller, RunRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var snapshot = Validate(request ?? throw ServiceException.BadField("body", "send {\"files\": [\"tasks.json\"]}"));
        LoadedTasks loaded;
        try
        {
            loaded = Load(snapshot);
        }
        catch (TaskFileException error)
        {
            throw new TaskFilesRejectedException(error.Problems);
        }
        catch (TokenGovException error)
        {
            throw ServiceException.BadField("files", error.Message);
        }

        if (loaded.Selected.Count == 0)
        {
            throw ServiceException.BadField(request.Filter is null ? "files" : "filter", "selects no task");
        }

        await EnsureAccessAsync(caller, loaded, cancellationToken);
        await RegisterAsync(loaded, cancellationToken);
        var now = _time.GetUtcNow();
        var submission = new SubmissionRecord(NewId(now), now, now, SubmissionStates.Queued, "api", caller.Scope,
            (snapshot with
            {
                TaskFiles = [.. loaded.Set.Files.Select(file => Path.GetFullPath(file, snapshot.WorkingDirectory))],
                Tasks = [.. loaded.Selected.Select(task => new SnapshotTask(task.Id, task.Title, task.Repo, task.Priority, task.DependsOn))],
            }).ToJson(),
            [.. loaded.Selected.Select(task => task.Id)], null, null, null);
        await _store.CreateSubmissionAsync(submission, cancellationToken);
        if (_running)
        {
            Start(submission, retry: false);
        }

        return await ViewAsync(submission, cancellationToken);
    }

    /// <summary>Every submission the caller may see, oldest first.</summary>
    public async Task<IReadOnlyList<RunView>> ListAsync(ServiceCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var views = new List<RunView>();
        foreach (var submission in await _store.ListSubmissionsAsync(null, cancellationToken))
        {
            if (CanSee(caller, submission))
            {
                views.Add(await ViewAsync(submission, cancellationToken));
            }
        }

        return views;
    }

    public async Task<RunView> GetAsync(ServiceCaller caller, string id, CancellationToken cancellationToken) =>
        await ViewAsync(await FindAsync(caller, id, cancellationToken), cancellationToken);

    /// <summary>Cancels a queued submission, or stops a running one: its agents are stopped gracefully and its tasks recorded as interrupted.</summary>
    public async Task<RunView> CancelAsync(ServiceCaller caller, string id, CancellationToken cancellationToken)
    {
        var submission = await FindAsync(caller, id, cancellationToken);
        if (_active.TryGetValue(id, out var active))
        {
            active.Cancel();
            await active.Finished.WaitAsync(cancellationToken);
        }
        else if (!await _store.UpdateSubmissionAsync(id, SubmissionStates.Unfinished, SubmissionStates.Cancelled, submission.RunId, submission.ExitCode,
            "cancelled through the API", _time.GetUtcNow(), cancellationToken))
        {
            throw new ServiceException(ServiceErrorKind.Conflict, null, $"run {id} is {submission.State}; only a queued or running run can be cancelled");
        }

        return await GetAsync(caller, id, cancellationToken);
    }

    private async Task<SubmissionRecord> FindAsync(ServiceCaller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var submission = await _store.GetSubmissionAsync(id, cancellationToken) ?? throw ServiceException.NotFound("id", $"no run \"{id}\"");
        if (!CanSee(caller, submission))
        {
            throw new ServiceException(ServiceErrorKind.Forbidden, null, $"run {id} was submitted with another key's scope; this key is for project {caller.ProjectId}");
        }

        return submission;
    }

    private static bool CanSee(ServiceCaller caller, SubmissionRecord submission) => caller.IsAdmin || submission.Scope == caller.Scope;

    private async Task<RunView> ViewAsync(SubmissionRecord submission, CancellationToken cancellationToken)
    {
        var snapshot = RunSnapshot.FromJson(submission.Request);
        _active.TryGetValue(submission.Id, out var active);
        var results = submission.RunId is { } runId
            ? (await _store.GetTaskResultsAsync(runId, cancellationToken)).ToDictionary(result => result.TaskId, StringComparer.Ordinal)
            : [];
        var tasks = new List<RunTaskView>();
        foreach (var taskId in submission.TaskIds)
        {
            var title = snapshot?.Tasks.FirstOrDefault(task => task.Id == taskId)?.Title ?? taskId;
            if (active?.Views.TryGetValue(taskId, out var live) == true)
            {
                tasks.Add(new RunTaskView(taskId, title, Core.Runs.TaskStates.ToWire(live.State), live.Reason));
            }
            else if (results.TryGetValue(taskId, out var result))
            {
                tasks.Add(new RunTaskView(taskId, title, Core.Runs.TaskStates.ToWire(result.State), result.Reason));
            }
            else
            {
                tasks.Add(new RunTaskView(taskId, title, "pending", null));
            }
        }

        var state = active is null ? submission.State : SubmissionStates.Running;
        return new RunView(submission.Id, state, submission.Origin, submission.CreatedAt, submission.UpdatedAt, active?.RunId ?? submission.RunId,
            active is null ? submission.ExitCode : null, active is null ? submission.Reason : null, snapshot?.TaskFiles ?? [], tasks);
    }

    /// <summary>The request as a run snapshot (what <c>rerun</c> replays): files, folders and the settings' limits, all checked.</summary>
    private RunSnapshot Validate(RunRequest request)
    {
        if (request.Files is not { Count: > 0 } files)
        {
            throw ServiceException.BadField("files", "name one or more task files on the server's machine, like [\"tasks.json\"]");
        }

        for (var index = 0; index < files.Count; index++)
        {
            if (string.IsNullOrWhiteSpace(files[index]))
            {
                throw ServiceException.BadField($"files[{index}]", "is empty; give the path of a task file");
            }
        }

        if (request.Workers is < 1)
        {
            throw ServiceException.BadField("workers", $"must be at least 1, not {request.Workers}");
        }

        var working = _options.WorkingDirectory;
        if (request.Config is { } config && !File.Exists(Path.GetFullPath(config, working)))
        {
            throw ServiceException.BadField("config", $"no settings file {Path.GetFullPath(config, working)}");
        }

        GovernorSettings settings;
        try
        {
            settings = SettingsLoader.Load(request.Config is null ? null : Path.GetFullPath(request.Config, working), working);
        }
        catch (TokenGovException error)
        {
            throw ServiceException.BadField("config", error.Message);
        }

        var settingsFolder = settings.Path is null ? working : Path.GetDirectoryName(settings.Path)!;
        var repos = request.ReposDir is not null ? Path.GetFullPath(request.ReposDir, working)
            : settings.ReposDir is not null ? Path.GetFullPath(settings.ReposDir, settingsFolder)
            : working;
        if (!Directory.Exists(repos))
        {
            throw ServiceException.BadField("repos_dir", $"the repos folder {repos} does not exist");
        }

        return new RunSnapshot
        {
            TaskFiles = [.. files],
            Filter = request.Filter,
            WorkingDirectory = working,
            ReposDirectory = repos,
            ConfigPath = settings.Path,
            Workers = Math.Min(request.Workers ?? settings.Workers ?? _options.Workers, _options.Workers),
            MaxRuntimeMs = Milliseconds(settings.MaxRuntime ?? TimeSpan.FromMinutes(30)),
            IdleTimeoutMs = Milliseconds(settings.IdleTimeout ?? TimeSpan.FromMinutes(5)),
            GracePeriodMs = (long)(settings.GracePeriod ?? TimeSpan.FromSeconds(5)).TotalMilliseconds,
            FailFast = settings.FailFast == true,
            PostRun = settings.PostRun,
            RateLimitBlockMs = settings.RateLimitBlock is { } block ? (long)block.TotalMilliseconds : null,
            RetryBackoffMs = settings.RetryBackoff is { } backoff ? (long)backoff.TotalMilliseconds : null,
        };
    }

    /// <summary>A project key submits only tasks of its own project; an admin key anything.</summary>
    private async Task EnsureAccessAsync(ServiceCaller caller, LoadedTasks loaded, CancellationToken cancellationToken)
    {
        foreach (var task in loaded.Selected)
        {
            if (task.Project is null)
            {
                if (!caller.IsAdmin)
                {
                    throw new ServiceException(ServiceErrorKind.Forbidden, null, $"task {task.Id} names no project; a key for project {caller.ProjectId} submits only that project's tasks");
                }

                continue;
            }

            var project = await _store.FindProjectAsync(task.Project, cancellationToken)
                ?? throw ServiceException.BadField("files", $"{task.SourceFile}: {task.JsonPath}.project names \"{task.Project}\", which is not registered; register it first");
            if (!caller.CanAccess(project.Id))
            {
                throw new ServiceException(ServiceErrorKind.Forbidden, null, $"task {task.Id} belongs to project {project.Name}; this key is for project {caller.ProjectId}");
            }
        }
    }

    private async Task RegisterAsync(LoadedTasks loaded, CancellationToken cancellationToken)
    {
        try
        {
            await Governance.TaskFileRegistration.RegisterAsync(new Governance.Registry(_store, _time), loaded.Selected, _options.Owner, cancellationToken);
        }
        catch (TokenGovException error)
        {
            throw ServiceException.BadField("files", error.Message);
        }
    }

    private LoadedTasks Load(RunSnapshot snapshot)
    {
        var settings = SettingsLoader.Load(snapshot.ConfigPath, snapshot.WorkingDirectory);
        return TaskLoader.Load(snapshot.TaskFiles, snapshot.Filter, settings, new RepoResolver(snapshot.ReposDirectory), _options.Runners.Types, snapshot.WorkingDirectory);
    }

    private static string NewId(DateTimeOffset now) => $"sub-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
