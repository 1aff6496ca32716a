using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Engine.Service.Workers;

/// <summary>
/// <c>POST /runs</c>: task files on the server's machine (relative paths are read from where <c>serve</c> runs), and
/// optionally a task-id filter, the repos folder, the settings file and how many of the shared workers this run may use.
/// </summary>
public sealed record RunRequest(IReadOnlyList<string>? Files, string? Filter = null, int? Workers = null, string? ReposDir = null, string? Config = null);

/// <summary>One task of a submitted run, as the service sees it now.</summary>
public sealed record RunTaskView(string Id, string Title, string State, string? Reason);

/// <summary>A submitted run: its state, the run executing it, its tasks, and its exit code once it has ended.</summary>
public sealed record RunView(
    string Id,
    string State,
    string Origin,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? RunId,
    int? ExitCode,
    string? Reason,
    IReadOnlyList<string> Files,
    IReadOnlyList<RunTaskView> Tasks);

/// <summary>The task files of a submission have problems, each with its file, line and field, as <c>token-gov validate</c> reports them.</summary>
public sealed class TaskFilesRejectedException : Exception
{
    public TaskFilesRejectedException(IReadOnlyList<Problem> problems)
        : base($"files: {problems.Count} problem(s) in the task files: {string.Join("; ", problems.Take(5))}")
    {
        Problems = problems;
    }

    public TaskFilesRejectedException()
        : this([])
    {
    }

    public TaskFilesRejectedException(string message)
        : base(message)
    {
        Problems = [];
    }

    public TaskFilesRejectedException(string message, Exception inner)
        : base(message, inner)
    {
        Problems = [];
    }

    public IReadOnlyList<Problem> Problems { get; }
}
