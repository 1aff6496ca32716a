namespace TokenGovernor.Core.Tasks;

/// <summary>
/// Resolves runner names to profiles: a profile named in a task file, then one from the settings file,
/// then a built-in agent type used by its own name.
/// </summary>
public sealed class RunnerCatalog(IReadOnlyDictionary<string, RunnerProfile> fileProfiles, IReadOnlyDictionary<string, RunnerProfile> settingsProfiles)
{
    /// <summary>Every agent type the product knows about.</summary>
    public static readonly IReadOnlyList<string> KnownTypes = ["codex", "claude", "gemini", "qwen", "opencode", "cline", "kilocode", "script"];

    /// <summary>The runner used when neither the task, its file nor the settings name one.</summary>
    public const string DefaultRunner = "codex";

    public RunnerProfile? Resolve(string name)
    {
        if (fileProfiles.TryGetValue(name, out var profile) || settingsProfiles.TryGetValue(name, out profile))
        {
            return profile;
        }

        return KnownTypes.Contains(name)
            ? new RunnerProfile { Name = name, Type = name, SourceFile = "(built-in)" }
            : null;
    }

    public IEnumerable<string> Names =>
        fileProfiles.Keys.Concat(settingsProfiles.Keys).Concat(KnownTypes).Distinct(StringComparer.Ordinal);
}
