namespace TokenGovernor.Core.Tasks;

/// <summary>One parsed task file.</summary>
public sealed record TaskFile
{
    public required string Path { get; init; }

    public string? Description { get; init; }

    public string? DefaultRunner { get; init; }

    public IReadOnlyList<string>? DefaultFallbacks { get; init; }

    public IReadOnlyDictionary<string, RunnerProfile> Runners { get; init; } = new Dictionary<string, RunnerProfile>();

    public bool? ParallelRepo { get; init; }

    public bool? MergeBack { get; init; }

    public ReviewConfig? Review { get; init; }

    public IReadOnlyList<string>? AllowedRepos { get; init; }

    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];
}

/// <summary>Every task file of a run merged into one set, with file-level defaults applied to each task.</summary>
public sealed record TaskSet
{
    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyList<string> Descriptions { get; init; } = [];

    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];

    public IReadOnlyDictionary<string, RunnerProfile> Runners { get; init; } = new Dictionary<string, RunnerProfile>();

    public bool ParallelRepo { get; init; }

    public bool MergeBack { get; init; } = true;

    public ReviewConfig? Review { get; init; }

    public IReadOnlyList<string>? AllowedRepos { get; init; }

    public TaskDefinition? Find(string id) => Tasks.FirstOrDefault(task => task.Id == id);
}
