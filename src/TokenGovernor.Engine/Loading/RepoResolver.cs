namespace TokenGovernor.Engine.Loading;

/// <summary>
/// Finds a task's repository folder: an absolute path is used as is; <c>owner/name</c> is looked up under the
/// repos folder as <c>owner/name</c>, then as <c>name</c> (repos are often cloned flat).
/// </summary>
public sealed class RepoResolver(string reposDirectory)
{
    public string ReposDirectory { get; } = Path.GetFullPath(reposDirectory);

    public IReadOnlyList<string> Candidates(string repo)
    {
        if (Path.IsPathRooted(repo))
        {
            return [Path.GetFullPath(repo)];
        }

        var nested = Path.GetFullPath(Path.Combine(ReposDirectory, repo));
        var name = repo.TrimEnd('/').Split('/')[^1];
        var flat = Path.GetFullPath(Path.Combine(ReposDirectory, name));
        return nested == flat ? [nested] : [nested, flat];
    }

    /// <summary>The folder of an existing repository, or null.</summary>
    public string? Resolve(string repo) => Candidates(repo).FirstOrDefault(Directory.Exists);
}
