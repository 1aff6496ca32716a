using TokenGovernor.Engine.Loading;

namespace TokenGovernor.Engine.Tests.Loading;

public sealed class RepoResolverTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private RepoResolver Resolver => new(_scratch.File("repos"));

    [Fact]
    public void An_absolute_path_is_used_as_is()
    {
        var elsewhere = _scratch.Folder("elsewhere/project");

        Assert.Equal(elsewhere, Resolver.Resolve(elsewhere));
        Assert.Equal([elsewhere], Resolver.Candidates(elsewhere));
    }

    [Fact]
    public void Owner_and_name_is_found_nested_under_the_repos_folder()
    {
        var nested = _scratch.Folder("repos/acme/widget");
        _scratch.Folder("repos/widget");

        Assert.Equal(nested, Resolver.Resolve("acme/widget"));
    }

    [Fact]
    public void Owner_and_name_falls_back_to_the_name_alone_when_cloned_flat()
    {
        var flat = _scratch.Folder("repos/widget");

        Assert.Equal(flat, Resolver.Resolve("acme/widget"));
    }

    [Fact]
    public void A_repo_found_nowhere_resolves_to_null_and_lists_both_places_looked()
    {
        _scratch.Folder("repos");

        Assert.Null(Resolver.Resolve("acme/widget"));
        Assert.Equal([_scratch.File("repos/acme/widget"), _scratch.File("repos/widget")], Resolver.Candidates("acme/widget"));
    }

    [Fact]
    public void A_bare_name_has_a_single_candidate()
    {
        Assert.Equal([_scratch.File("repos/widget")], Resolver.Candidates("widget"));
    }

    [Fact]
    public void A_relative_repos_folder_is_made_absolute()
    {
        var resolver = new RepoResolver("repos");

        Assert.True(Path.IsPathRooted(resolver.ReposDirectory));
        Assert.Equal(Path.GetFullPath("repos"), resolver.ReposDirectory);
    }
}
