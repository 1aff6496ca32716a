using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

public sealed class EstimateAndConfigTests : IDisposable
{
    private readonly GovernanceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Estimate_of_a_prompt_prints_the_estimate_its_source_and_spread()
    {
        var small = await _sandbox.JsonAsync("estimate", "--prompt", "Fix the typo in README.md");
        var text = await _sandbox.RunAsync("estimate", "--prompt", "Fix the typo in README.md", "--difficulty", "medium");

        Assert.Equal(("heuristic", "simple"), ((string?)small["source"], (string?)small["complexity"]));
        Assert.True((long)small["low"]! <= (long)small["tokens"]! && (long)small["tokens"]! <= (long)small["high"]!);
        Assert.Contains("3,000 tokens (difficulty), spread 1,000–5,000, complex", text.Stdout);
    }

    [Fact]
    public async Task Estimate_of_a_task_uses_the_history_of_like_tasks_once_enough_have_completed()
    {
        var project = (string)(await _sandbox.JsonAsync("register", "--name", "checkout", "--owner", "alice", "--budget", "1000000"))["id"]!;
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "next", "--title", "Next", "--complexity", "complex", "--runner", "claude");
        Assert.Equal("heuristic", (string?)(await _sandbox.JsonAsync("estimate", "--task", "next"))["source"]);

        await using (var store = await _sandbox.OpenStoreAsync())
        {
            foreach (var (id, tokens) in new[] { ("done-1", 2000L), ("done-2", 4000L), ("done-3", 6000L) })
            {
                await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", id, "--title", id, "--complexity", "complex", "--runner", "claude");
                await store.ChangeTaskStateAsync(id, [TaskState.Pending], TaskState.Completed, null, _sandbox.Now, CancellationToken.None);
                await store.AppendUsageAsync(
                    new UsageEventRecord($"{id}-usage", _sandbox.Now, project, null, id, null, null, new TokenUsage(tokens, 0, 0, 0, 0), 0m, UsageSource.Stream),
                    CancellationToken.None);
            }
        }

        var estimate = await _sandbox.JsonAsync("estimate", "--task", "next");

        Assert.Equal(("history", 4000L, 3000L, 5000L, 3), ((string?)estimate["source"], (long)estimate["tokens"]!, (long)estimate["low"]!, (long)estimate["high"]!, (int)estimate["samples"]!));
    }

    [Fact]
    public async Task Estimate_needs_exactly_one_of_task_or_prompt()
    {
        Assert.Contains("give either --task ID or --prompt TEXT", await _sandbox.FailsAsync("estimate"));
        Assert.Contains("give either --task ID or --prompt TEXT", await _sandbox.FailsAsync("estimate", "--task", "a", "--prompt", "b"));
        Assert.Contains("task: no task \"ghost\"", await _sandbox.FailsAsync("estimate", "--task", "ghost"));
    }

    [Fact]
    public async Task Config_prints_the_defaults_then_keeps_what_is_set()
    {
        var defaults = await _sandbox.JsonAsync("config");
        await _sandbox.JsonAsync("config", "--threshold", "0.8", "--adaptive-threshold", "on");
        var text = await _sandbox.RunAsync("config");

        Assert.Equal((0.9, false), ((double)defaults["threshold"]!, (bool)defaults["adaptive_threshold"]!));
        Assert.Contains("threshold 0.8 (80% of a budget)", text.Stdout);
        Assert.Contains("adaptive-threshold on", text.Stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    public async Task A_threshold_outside_zero_to_one_is_refused(string threshold)
    {
        var error = await _sandbox.FailsAsync("config", "--threshold", threshold);

        Assert.Contains($"threshold: {threshold} is outside (0, 1]", error);
        Assert.Equal(0.9, (double)(await _sandbox.JsonAsync("config"))["threshold"]!);
    }
}
