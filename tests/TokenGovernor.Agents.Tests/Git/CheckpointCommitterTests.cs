using System.Diagnostics;
using TokenGovernor.Agents.Git;

namespace TokenGovernor.Agents.Tests.Git;

public sealed class CheckpointCommitterTests : IDisposable
{
    private readonly ScratchDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _repo.Path };
        foreach (var arg in (string[])["-c", "user.name=Dev", "-c", "user.email=dev@example.com", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {git.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    private void Write(string name, string text) => File.WriteAllText(_repo.File(name), text);

    private void InitWithOneCommit()
    {
        Git("init", "-q", "-b", "main");
        Write("app.txt", "v1\n");
        Git("add", "app.txt");
        Git("commit", "-q", "-m", "first");
    }

    [Fact]
    public async Task Work_in_progress_goes_to_a_checkpoint_branch_and_the_users_branch_index_and_files_stay_as_they_were()
    {
        InitWithOneCommit();
        Write("app.txt", "v2 edited by the agent\n");
        Write("new.txt", "written by the agent\n");
        Write("staged.txt", "staged by the user\n");
        Git("add", "staged.txt");
        var head = Git("rev-parse", "HEAD");
        var status = Git("status", "--porcelain");
        var staged = Git("diff", "--cached", "--name-only");

        var checkpoint = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "fix-auth", "token-gov checkpoint: budget", CancellationToken.None);

        Assert.NotNull(checkpoint);
        Assert.Equal("token-gov/checkpoint/fix-auth/1", checkpoint.Branch);
        Assert.Equal(head, Git("rev-parse", "HEAD"));
        Assert.Equal("main", Git("rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal(status, Git("status", "--porcelain"));
        Assert.Equal(staged, Git("diff", "--cached", "--name-only"));
        Assert.Equal("v2 edited by the agent", Git("show", $"{checkpoint.Branch}:app.txt"));
        Assert.Equal("written by the agent", Git("show", $"{checkpoint.Branch}:new.txt"));
        Assert.Equal("staged by the user", Git("show", $"{checkpoint.Branch}:staged.txt"));
        Assert.Equal(head, Git("rev-parse", $"{checkpoint.Branch}^"));
        Assert.Equal("token-gov checkpoint: budget", Git("log", "-1", "--format=%s", checkpoint.Branch));
    }

    [Fact]
    public async Task Each_checkpoint_of_a_task_gets_the_next_number()
    {
        InitWithOneCommit();
        Write("a.txt", "one\n");
        var first = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "t", "cp", CancellationToken.None);
        Write("a.txt", "two\n");

        var second = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "t", "cp", CancellationToken.None);

        Assert.Equal(1, first!.Number);
        Assert.Equal(2, second!.Number);
        Assert.Equal("two", Git("show", "token-gov/checkpoint/t/2:a.txt"));
    }

    [Fact]
    public async Task A_clean_repository_or_a_plain_folder_needs_no_checkpoint()
    {
        var plain = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "t", "cp", CancellationToken.None);
        InitWithOneCommit();

        var clean = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "t", "cp", CancellationToken.None);

        Assert.Null(plain);
        Assert.Null(clean);
        Assert.Equal("", Git("for-each-ref", "refs/heads/token-gov/"));
    }

    [Fact]
    public async Task Ignored_files_stay_out_and_a_repository_without_commits_still_gets_its_checkpoint()
    {
        Git("init", "-q", "-b", "main");
        Write(".gitignore", "build/\n");
        Directory.CreateDirectory(_repo.File("build"));
        Write("build/out.bin", "generated");
        Write("src.txt", "first file\n");

        var checkpoint = await CheckpointCommitter.CommitWorkInProgressAsync(_repo.Path, "t", "cp", CancellationToken.None);

        Assert.NotNull(checkpoint);
        var files = Git("ls-tree", "-r", "--name-only", checkpoint.Branch).Split('\n');
        Assert.Equal([".gitignore", "src.txt"], files);
        Assert.Equal("", Git("rev-list", "--parents", "-n", "1", checkpoint.Branch).Replace(checkpoint.Commit, "", StringComparison.Ordinal).Trim());
    }
}
