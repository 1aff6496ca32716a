using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

/// <summary>What an agent wrote before it was stopped is saved to a checkpoint branch; the user's branch and files stay.</summary>
public sealed class CheckpointBranchTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Git(string repo, params string[] args) => TokenGovernor.Tests.Shared.TestGit.Run(repo, args);

    [Fact]
    public async Task Files_an_agent_wrote_before_its_time_ran_out_are_on_the_checkpoint_branch_and_the_working_tree_is_untouched()
    {
        var repo = _sandbox.Repo("acme/app");
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "app.txt"), "v1\n");
        Git(repo, "add", "app.txt");
        Git(repo, "commit", "-q", "-m", "first");
        var head = Git(repo, "rev-parse", "HEAD");
        _sandbox.TaskFile("tasks.json", T("slow", "acme/app", "echo draft > notes.txt; echo v2 > app.txt; echo working; sleep 30"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--max-runtime", "2s", "--grace-period", "500ms", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var task = Sandbox.Task(_sandbox.LatestReport(), "slow");
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Equal("saved", (string?)task["checkpoint"]);
        Assert.Equal("token-gov/checkpoint/slow/1", (string?)task["checkpoint_branch"]);
        Assert.Equal("draft", Git(repo, "show", "token-gov/checkpoint/slow/1:notes.txt"));
        Assert.Equal("v2", Git(repo, "show", "token-gov/checkpoint/slow/1:app.txt"));
        Assert.Equal(head, Git(repo, "rev-parse", "main"));
        Assert.Equal("main", Git(repo, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(repo, "app.txt")));
        Assert.Equal("", Git(repo, "diff", "--cached", "--name-only"));
    }

    [Fact]
    public async Task A_task_that_completes_leaves_no_checkpoint_branch()
    {
        var repo = _sandbox.Repo("acme/app");
        Git(repo, "init", "-q", "-b", "main");
        _sandbox.TaskFile("tasks.json", T("quick", "acme/app", "echo done > out.txt"));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(0, result.ExitCode);
        Assert.Null((string?)Sandbox.Task(_sandbox.LatestReport(), "quick")["checkpoint_branch"]);
        Assert.Equal("", Git(repo, "for-each-ref", "refs/heads/token-gov/"));
    }
}
