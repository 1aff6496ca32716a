using TokenGovernor.Core.Governance;
using static TokenGovernor.Cli.Tests.Governance.ClaudeAgentSandbox;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>
/// At the checkpoint threshold an agent that accepts input (Claude Code with stream-json on stdin, played by the
/// dummy agent) is told to commit its work and summarise; then it has a grace allowance before it is stopped.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GracefulCheckpointTests : IDisposable
{
    private readonly ClaudeAgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async Task Register(string name, params string[] budget) =>
        await _sandbox.OkAsync(["register", "--name", name, "--owner", "alice", .. budget]);

    [Fact]
    public async Task An_agent_told_to_checkpoint_commits_and_summarises_and_its_task_is_paused_with_its_session()
    {
        await Register("web", "--budget", "100000");
        var repo = _sandbox.Repo("acme/web");
        var head = Git(repo, "rev-parse", "HEAD");
        _sandbox.Script("refunds", "--turns", "40", "--usage-per-turn", "100,0", "--turn-delay", "60", "--write-file", "refunds.txt", "draft");
        _sandbox.WriteTasks(Task("refunds", "acme/web", "web", budget: 2500));

        var run = await _sandbox.Run();

        Assert.True(run.ExitCode == 5, run.ToString());
        var task = Infrastructure.Sandbox.Task(_sandbox.LatestReport(), "refunds");
        Assert.Equal("paused", (string?)task["state"]);
        Assert.StartsWith("checkpointed at the governor's request: task budget 9", (string?)task["reason"]);
        Assert.EndsWith("% used (checkpoint threshold 90%); raise the limit to resume", (string?)task["reason"]);
        Assert.Equal("saved", (string?)task["checkpoint"]);

        // Spend stays within the budget plus one increment, and the request came when spend first reached 90%.
        var spent = await _sandbox.WithStore(async store => (await store.SumUsageAsync(BudgetScope.Task, "refunds", WindowSpan.Always, CancellationToken.None)).Tokens.Total);
        Assert.InRange(spent, 2250, 2500 + 101);
        var decisions = await _sandbox.WithStore(store => store.ListDecisionsAsync("refunds", CancellationToken.None));
        var firstRequest = decisions.TakeWhile(decision => decision.Decision != PolicyDecision.RequestCheckpoint).Count();
        Assert.True(firstRequest > 0 && firstRequest < decisions.Count, "a checkpoint was never requested");
        Assert.All(decisions.Take(firstRequest), decision => Assert.True(decision.UsedFraction < 0.9));
        Assert.InRange(decisions[firstRequest].UsedFraction, 0.9, 0.9 + (101.0 / 2500));

        // The agent committed its work itself, on its branch; the checkpoint records that commit, the session and the summary.
        var checkpoint = Assert.Single(await _sandbox.WithStore(store => store.ListCheckpointsAsync("refunds", CancellationToken.None)));
        var agent = Assert.Single(await _sandbox.WithStore(store => store.ListAgentsAsync("refunds", CancellationToken.None)));
        Assert.NotNull(checkpoint.SessionId);
        Assert.Equal(agent.SessionId, checkpoint.SessionId);
        Assert.Equal(agent.Id, checkpoint.AgentId);
        Assert.NotEqual(head, checkpoint.GitRef);
        Assert.Equal(Git(repo, "rev-parse", "HEAD"), checkpoint.GitRef);
        Assert.Equal("draft", Git(repo, "show", "HEAD:refunds.txt"));
        Assert.StartsWith("Checkpoint: committed the work in progress after ", checkpoint.Summary);
        Assert.Equal(checkpoint.SessionId, (string?)task["session_id"]);

        var shown = (await _sandbox.JsonAsync("task", "show", "refunds"))!;
        Assert.Equal("paused", (string?)shown["task"]!["state"]);
        Assert.Equal("saved", (string?)shown["task"]!["checkpoint"]);
        Assert.Equal(checkpoint.SessionId, (string?)shown["checkpoints"]![0]!["session_id"]);
    }

    [Fact]
    public async Task An_agent_that_ignores_the_checkpoint_request_is_stopped_after_its_grace_and_its_files_are_on_the_checkpoint_branch()
    {
        await Register("web", "--budget", "4000", "--window", "5h");
        await _sandbox.OkAsync("config", "--threshold", "0.5", "--grace-seconds", "1");
        var repo = _sandbox.Repo("acme/web");
        var head = Git(repo, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(repo, "staged.txt"), "mine\n");
        Git(repo, "add", "staged.txt");
        _sandbox.Script("stubborn", "--turns", "60", "--usage-per-turn", "100,0", "--turn-delay", "200", "--write-file", "notes.txt", "draft", "--ignore-checkpoint");
        _sandbox.WriteTasks(Task("stubborn", "acme/web", "web"));

        var run = await _sandbox.Run();

        Assert.True(run.ExitCode == 5, run.ToString());
        var task = Infrastructure.Sandbox.Task(_sandbox.LatestReport(), "stubborn");
        Assert.Equal("paused", (string?)task["state"]);
        Assert.StartsWith("checkpoint grace of 1 s used up after the request at project budget 5", (string?)task["reason"]);
        var spent = (long)task["tokens"]!["total"]!;
        Assert.InRange(spent, 2000, 3500);

        // Forced stop: what the agent wrote is on the checkpoint branch; the user's branch, index and files are as they were.
        Assert.Equal("token-gov/checkpoint/stubborn/1", (string?)task["checkpoint_branch"]);
        Assert.Equal("draft", Git(repo, "show", "token-gov/checkpoint/stubborn/1:notes.txt"));
        Assert.Equal(head, Git(repo, "rev-parse", "main"));
        Assert.Equal("main", Git(repo, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("staged.txt", Git(repo, "diff", "--cached", "--name-only"));
        Assert.Equal("draft", File.ReadAllText(Path.Combine(_sandbox.RepoPath("acme/web"), "notes.txt")));
        var checkpoint = Assert.Single(await _sandbox.WithStore(store => store.ListCheckpointsAsync("stubborn", CancellationToken.None)));
        Assert.Equal("token-gov/checkpoint/stubborn/1", checkpoint.GitRef);
        Assert.NotNull(checkpoint.SessionId);

        // report.json, status and task show agree on why the task is paused and when it resumes.
        var resumesAt = (DateTimeOffset)task["resumes_at"]!;
        Assert.EndsWith($"; resumes at {resumesAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", (string?)task["reason"]);
        var status = Infrastructure.Sandbox.Task(await _sandbox.JsonAsync("status"), "stubborn");
        Assert.Equal(resumesAt, (DateTimeOffset)status["resumes_at"]!);
        Assert.Equal((string?)task["reason"], (string?)status["reason"]);
        Assert.Equal("saved", (string?)status["checkpoint"]);
        var shown = (await _sandbox.JsonAsync("task", "show", "stubborn"))["task"]!;
        Assert.Equal(resumesAt, (DateTimeOffset)shown["resumes_at"]!);
        Assert.Equal((string?)task["reason"], (string?)shown["state_reason"]);
    }
}
