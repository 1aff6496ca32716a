using TokenGovernor.Core;
using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Settings;

namespace TokenGovernor.Engine.Loading;

/// <summary>A validated, filtered task set ready to plan, with each task's repository folder.</summary>
public sealed record LoadedTasks(TaskSet Set, IReadOnlyList<TaskDefinition> Selected, IReadOnlyDictionary<string, string> RepoPaths, RunnerCatalog Runners, string DefaultRunner);

/// <summary>Loads, merges and validates task files; reports every problem at once.</summary>
public static class TaskLoader
{
    public static LoadedTasks Load(IEnumerable<string> taskSpecs, string? filter, GovernorSettings settings, RepoResolver repos, IReadOnlyCollection<string> runnableTypes, string workingDirectory)
    {
        var problems = new ProblemList();
        var files = new List<TaskFile>();
        foreach (var path in TaskFileLocator.Locate(taskSpecs, workingDirectory, problems))
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException error)
            {
                problems.Add(path, "", $"cannot be read: {error.Message}");
                continue;
            }
            catch (UnauthorizedAccessException error)
            {
                problems.Add(path, "", $"cannot be read: {error.Message}");
                continue;
            }

            if (TaskFileParser.Parse(Relative(path, workingDirectory), bytes, problems) is { } file)
            {
                files.Add(file);
            }
        }

        var set = TaskSetMerger.Merge(files, problems);
        var catalog = new RunnerCatalog(set.Runners, settings.Runners);
        var defaultRunner = settings.DefaultRunner ?? RunnerCatalog.DefaultRunner;
        var withDefaults = set with
        {
            Tasks = [.. set.Tasks.Select(task => task with
            {
                Runner = task.Runner ?? settings.DefaultRunner,
                Fallbacks = task.Fallbacks ?? settings.DefaultFallbacks,
            })],
        };
        var selected = filter is null ? withDefaults.Tasks : TaskFilter.Select(withDefaults.Tasks, filter, problems);
        TaskSetValidator.Validate(withDefaults with { Tasks = selected }, catalog, defaultRunner, runnableTypes, problems);
        var repoPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in selected)
        {
            if (repos.Resolve(task.Repo) is { } folder)
            {
                repoPaths[task.Id] = folder;
            }
            else
            {
                problems.Add(task.SourceFile, $"{task.JsonPath}.repo", $"repository \"{task.Repo}\" not found (looked in {string.Join(" and ", repos.Candidates(task.Repo))})",
                    "clone it there, fix the name, or pass --repos-dir");
            }
        }

        if (problems.Count > 0)
        {
            throw new TaskFileException(problems);
        }

        if (selected.Count == 0)
        {
            throw new TokenGovException("the task files hold no tasks; add at least one to \"tasks\"");
        }

        return new LoadedTasks(withDefaults, selected, repoPaths, catalog, defaultRunner);
    }

    private static string Relative(string path, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}

/// <summary>Every problem found in the task files; exit code 2.</summary>
public sealed class TaskFileException(IReadOnlyList<Problem> problems)
    : Exception($"{problems.Count} problem(s) in the task files")
{
    public IReadOnlyList<Problem> Problems { get; } = problems;

    public TaskFileException()
        : this([])
    {
    }

    public TaskFileException(string message)
        : this([new Problem("", "", message)])
    {
    }

    public TaskFileException(string message, Exception inner)
        : this([new Problem("", "", message)]) => _ = inner;
}
