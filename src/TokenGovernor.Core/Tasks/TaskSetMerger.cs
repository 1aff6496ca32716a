namespace TokenGovernor.Core.Tasks;

/// <summary>Merges task files into one set: ids must be unique across files, runner profiles must agree.</summary>
public static class TaskSetMerger
{
    public static TaskSet Merge(IReadOnlyList<TaskFile> files, ProblemList problems)
    {
        var tasks = new List<TaskDefinition>();
        var byId = new Dictionary<string, TaskDefinition>(StringComparer.Ordinal);
        var runners = new Dictionary<string, RunnerProfile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (name, profile) in file.Runners)
            {
                if (runners.TryGetValue(name, out var existing))
                {
                    if (!existing.SameAs(profile))
                    {
                        problems.Add(file.Path, $"$.runners.{name}", $"conflicts with runner profile \"{name}\" defined differently in {existing.SourceFile}", "give one of them another name or make them identical");
                    }

                    continue;
                }

                runners[name] = profile;
            }

            foreach (var task in file.Tasks)
            {
                if (byId.TryGetValue(task.Id, out var first))
                {
                    var where = first.SourceFile == task.SourceFile ? $"{first.JsonPath} of the same file" : $"{first.SourceFile} at {first.JsonPath}";
                    problems.Add(task.SourceFile, $"{task.JsonPath}.id", $"duplicate task id \"{task.Id}\", also defined in {where}", "task ids must be unique across all task files of a run");
                    continue;
                }

                var merged = task with
                {
                    Runner = task.Runner ?? file.DefaultRunner,
                    Fallbacks = task.Fallbacks ?? file.DefaultFallbacks,
                };
                byId[task.Id] = merged;
                tasks.Add(merged);
            }
        }

        return new TaskSet
        {
            Files = [.. files.Select(file => file.Path)],
            Descriptions = [.. files.Select(file => file.Description).OfType<string>()],
            Tasks = tasks,
            Runners = runners,
            ParallelRepo = files.Any(file => file.ParallelRepo == true),
            MergeBack = files.All(file => file.MergeBack != false),
            Review = files.Select(file => file.Review).FirstOrDefault(review => review is not null),
            AllowedRepos = files.Any(file => file.AllowedRepos is not null)
                ? [.. files.SelectMany(file => file.AllowedRepos ?? []).Distinct(StringComparer.Ordinal)]
                : null,
        };
    }
}
