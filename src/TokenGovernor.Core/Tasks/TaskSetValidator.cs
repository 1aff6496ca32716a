using TokenGovernor.Core.Planning;

namespace TokenGovernor.Core.Tasks;

/// <summary>Checks a merged task set: dependencies, runners, allowed repos and cycles. Pure: repos on disk are checked elsewhere.</summary>
public static class TaskSetValidator
{
    public static void Validate(TaskSet set, RunnerCatalog runners, string defaultRunner, IReadOnlyCollection<string> runnableTypes, ProblemList problems)
    {
        var ids = set.Tasks.Select(task => task.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var task in set.Tasks)
        {
            for (var i = 0; i < task.DependsOn.Count; i++)
            {
                var dependency = task.DependsOn[i];
                if (!ids.Contains(dependency))
                {
                    var suggestion = Spelling.Closest(dependency, ids);
                    problems.Add(task.SourceFile, $"{task.JsonPath}.depends_on[{i}]", $"task \"{task.Id}\" depends on \"{dependency}\", which no task file defines",
                        suggestion is null ? "remove the dependency or add that task" : $"did you mean \"{suggestion}\"?");
                }
            }

            CheckRunner(task, task.Runner ?? defaultRunner, $"{task.JsonPath}.runner", runners, runnableTypes, problems);
            for (var i = 0; i < (task.Fallbacks?.Count ?? 0); i++)
            {
                CheckRunner(task, task.Fallbacks![i], $"{task.JsonPath}.fallbacks[{i}]", runners, runnableTypes, problems);
            }

            if (set.AllowedRepos is { } allowed && !allowed.Contains(task.Repo))
            {
                problems.Add(task.SourceFile, $"{task.JsonPath}.repo", $"repo \"{task.Repo}\" is not in allowed_repos", $"allowed: {string.Join(", ", allowed)}");
            }
        }

        foreach (var (name, profile) in set.Runners)
        {
            if (!RunnerCatalog.KnownTypes.Contains(profile.Type))
            {
                problems.Add(profile.SourceFile, $"$.runners.{name}.type", $"\"{profile.Type}\" is not a runner type", $"use one of: {string.Join(", ", RunnerCatalog.KnownTypes)}");
            }
        }

        foreach (var cycle in CycleFinder.Find(set.Tasks))
        {
            var first = cycle[0];
            problems.Add(first.SourceFile, $"{first.JsonPath}.depends_on", $"dependency cycle: {string.Join(" → ", cycle.Select(task => task.Id))} → {first.Id}",
                "remove one depends_on entry of this cycle");
        }
    }

    private static void CheckRunner(TaskDefinition task, string name, string path, RunnerCatalog runners, IReadOnlyCollection<string> runnableTypes, ProblemList problems)
    {
        var profile = runners.Resolve(name);
        if (profile is null)
        {
            var suggestion = Spelling.Closest(name, runners.Names);
            problems.Add(task.SourceFile, path, $"runner \"{name}\" is not defined",
                suggestion is null ? "define it under \"runners\" or use a built-in type" : $"did you mean \"{suggestion}\"?");
        }
        else if (RunnerCatalog.KnownTypes.Contains(profile.Type) && !runnableTypes.Contains(profile.Type))
        {
            problems.Add(task.SourceFile, path, $"runner \"{name}\" (type {profile.Type}) cannot run in this build", $"runnable types: {string.Join(", ", runnableTypes)}");
        }
    }
}
