using TokenGovernor.Usage.Claude;

namespace TokenGovernor.Usage.Tests.Claude;

/// <summary>Listing the logs: every <c>*.jsonl</c> under <c>projects/</c> once, sorted by path, whether the project folders are listed side by side (no links) or in one walk (links).</summary>
public sealed class ClaudeDataDirsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "token-gov-dirs-" + Guid.NewGuid().ToString("N")[..8]);

    private string Projects => Path.Combine(_root, "projects");

    private void Touch(string relative)
    {
        var path = Path.Combine(Projects, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}\n");
    }

    private List<string> Listed(bool withStatus = false) => [.. ClaudeDataDirs.Files(_root, withStatus).Select(file => file.RelativePath)];

    [Fact]
    public void Project_folders_without_links_give_every_log_once_in_path_order()
    {
        string[] logs = ["top.jsonl", "a/s1.jsonl", "a/s1/subagents/agent-1.jsonl", "a-b/s2.jsonl", "b/s3.jsonl", "b/deep/er/s4.jsonl", "z/s5.jsonl"];
        foreach (var log in logs)
        {
            Touch(log);
        }

        Touch("a/notes.txt");
        Touch("a/.hidden.jsonl");
        Touch(".cache/s6.jsonl");
        Directory.CreateDirectory(Path.Combine(Projects, "empty"));

        var expected = logs.OrderBy(log => Path.Combine(Projects, log), StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Listed());
        var withStatus = ClaudeDataDirs.Files(_root, withStatus: true);
        Assert.Equal(expected, withStatus.Select(file => file.RelativePath));
        Assert.All(withStatus, file => Assert.Equal(3, file.Length));
    }

    [Fact]
    public void Linked_folders_are_followed_once_and_a_loop_of_links_ends()
    {
        Touch("a/s1.jsonl");
        Touch("b/s2.jsonl");
        Touch("c/s3.jsonl");
        Directory.CreateSymbolicLink(Path.Combine(Projects, "c", "loop"), Path.Combine(Projects, "c"));
        Directory.CreateSymbolicLink(Path.Combine(Projects, "b", "to-a"), Path.Combine(Projects, "a"));

        var listed = Listed();
        Assert.Contains("c/s3.jsonl", listed);
        Assert.DoesNotContain(listed, path => path.StartsWith("c/loop/", StringComparison.Ordinal));
        Assert.Contains("b/s2.jsonl", listed);
        Assert.Single(listed, path => path.EndsWith("/s1.jsonl", StringComparison.Ordinal));
        Assert.Equal(3, listed.Count);
        Assert.Equal(listed.Order(StringComparer.Ordinal).ToList(), listed);
    }

    [Fact]
    public void A_linked_project_folder_is_listed_through_the_link()
    {
        var elsewhere = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "s9.jsonl"), "{}\n");
        Touch("a/s1.jsonl");
        Touch("b/s2.jsonl");
        Directory.CreateSymbolicLink(Path.Combine(Projects, "linked"), elsewhere);

        Assert.Equal(["a/s1.jsonl", "b/s2.jsonl", "linked/s9.jsonl"], Listed());
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
