using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>A budget changed by <c>project set-budget</c> in another process while a task runs counts for that task at once.</summary>
public sealed class BudgetChangeWhileRunningTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_limit_lowered_while_a_task_runs_pauses_it_long_before_it_would_have_finished()
    {
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "100000", "--window", "daily")).ExitCode);
        _sandbox.Repo("acme/one");
        // 100 usage events of 100 tokens, one every 0.1 s: 10,000 tokens in about 10 s if nothing stops it.
        var tasks = new JsonArray(new JsonObject
        {
            ["id"] = "long", ["repo"] = "acme/one", ["priority"] = 1, ["title"] = "long", ["project"] = "web", ["estimate"] = 200,
            ["prompt"] = "i=0; while [ $i -lt 100 ]; do echo '::token-gov usage input=100 output=0'; i=$((i+1)); sleep 0.1; done",
        });
        _sandbox.WriteFile("tasks.json", new JsonObject { ["default_runner"] = "script", ["tasks"] = tasks }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        using var run = TokenGov.Start(_sandbox.Root, "run", "tasks.json", "--repos-dir", "repos", "--tui", "off");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await SpentAsync() < 500)
        {
            Assert.True(DateTime.UtcNow < deadline && TokenGov.IsAlive(run.Pid), $"the task did not start spending\n{run.StdoutSoFar}\n{run.StderrSoFar}");
            await Task.Delay(100);
        }

        var lowered = await _sandbox.RunAsync("project", "set-budget", "web", "--budget", "1000");
        Assert.True(lowered.ExitCode == 0, lowered.ToString());
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Equal("paused", (string?)Sandbox.Task(_sandbox.LatestReport(), "long")["state"]);
        var spent = await SpentAsync();
        Assert.True(spent < 5000, $"{spent} tokens spent: the lowered limit of 1,000 should have stopped the task within a second or two");
    }

    private async Task<long> SpentAsync()
    {
        var show = await _sandbox.RunAsync("project", "show", "web", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return (long)JsonNode.Parse(show.Stdout)!["status"]!["spent"]!["tokens"]!;
    }
}
