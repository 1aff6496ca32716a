namespace TokenGovernor.Core.Tasks;

/// <summary>One task of a task file, as written by the user (defaults not yet applied).</summary>
public sealed record TaskDefinition
{
    public required string Id { get; init; }

    public required string Repo { get; init; }

    public required int Priority { get; init; }

    public required string Title { get; init; }

    public required string Prompt { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public string? Runner { get; init; }

    public IReadOnlyList<string>? Fallbacks { get; init; }

    public string? Difficulty { get; init; }

    public double? Score { get; init; }

    public string? Project { get; init; }

    public string? Package { get; init; }

    public BudgetSpec? Budget { get; init; }

    public long? Estimate { get; init; }

    /// <summary>The file the task came from, for messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The task's position in its file's <c>tasks</c> array, for JSON paths in messages.</summary>
    public int Index { get; init; }

    public string JsonPath => $"$.tasks[{Index}]";
}

/// <summary>A budget in tokens and/or USD over a window (total, daily, weekly, monthly, or rolling hours like 5h).</summary>
public sealed record BudgetSpec(long? Tokens, decimal? Usd, string? Window);

/// <summary>A named runner profile: which agent CLI, which model, which environment.</summary>
public sealed record RunnerProfile
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public string? Model { get; init; }

    /// <summary>Environment overrides; a value <c>env:NAME</c> is read from the environment when the runner is used.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public bool Free { get; init; }

    public int? Tier { get; init; }

    public bool FallbackOnly { get; init; }

    public int? MaxConcurrent { get; init; }

    public required string SourceFile { get; init; }

    /// <summary>True when two profiles of the same name describe the same runner.</summary>
    public bool SameAs(RunnerProfile other) =>
        Type == other.Type && Model == other.Model && Free == other.Free && Tier == other.Tier &&
        FallbackOnly == other.FallbackOnly && MaxConcurrent == other.MaxConcurrent &&
        Env.Count == other.Env.Count &&
        Env.All(pair => other.Env.TryGetValue(pair.Key, out var value) && value == pair.Value);
}

/// <summary>The <c>review</c> block of a task file.</summary>
public sealed record ReviewConfig(bool Enabled, string? Runner, bool FallbackOnly);
