using System.Globalization;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Core.Governance;
using static TokenGovernor.Cli.Tests.Governance.ClaudeAgentSandbox;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>
/// <c>config --adaptive-threshold on</c>: each overshoot between a checkpoint request and the agent's stop is kept,
/// and the threshold of that complexity class comes down until stops land inside the budget.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AdaptiveThresholdTests : IDisposable
{
    private readonly ClaudeAgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async System.Threading.Tasks.Task The_threshold_of_a_class_comes_down_until_an_agent_that_overshoots_stops_inside_its_budget()
    {
        await _sandbox.OkAsync("register", "--name", "web", "--owner", "alice", "--budget", "1000000");
        await _sandbox.OkAsync("config", "--adaptive-threshold", "on");
        _sandbox.Repo("acme/web");
        // Asked to checkpoint, this agent finishes two more turns first: it overshoots by three messages.
        var ids = new[] { "a1", "a2", "a3" };
        foreach (var id in ids)
        {
            _sandbox.Script(id, "--turns", "40", "--usage-per-turn", "100,0", "--turn-delay", "30", "--checkpoint-delay", "2");
        }

        var requests = new List<double>();
        var spent = new List<long>();
        foreach (var id in ids)
        {
            _sandbox.WriteTasks(Task(id, "acme/web", "web", estimate: 500, budget: 2000));
            var run = await _sandbox.Run();
            Assert.True(run.ExitCode is 1 or 5, run.ToString());
            var decisions = await _sandbox.WithStore(store => store.ListDecisionsAsync(id, CancellationToken.None));
            requests.Add(decisions.First(decision => decision.Decision == PolicyDecision.RequestCheckpoint).UsedFraction);
            spent.Add((long)Sandbox.Task(_sandbox.LatestReport(), id)["tokens"]!["total"]!);
        }

        var observations = await _sandbox.WithStore(store => store.ListThresholdObservationsAsync(ComplexityClass.Simple, CancellationToken.None));
        var seen = string.Join("; ", observations.Select(observation => $"{observation.TaskId} {observation.Threshold} {observation.RequestedFraction}→{observation.StoppedFraction}"));

        // The first stops at the limit; the class's threshold comes down until the agent stops inside its budget, and stays there.
        Assert.InRange(requests[0], 0.9, 0.96);
        Assert.True(requests[1] < 0.9 && requests[2] <= requests[1], string.Join(", ", requests) + " from " + seen);
        Assert.True(spent[2] < 2000, $"the third agent spent {spent[2]} of 2,000 tokens");
        Assert.Equal("paused", (string?)Sandbox.Task(_sandbox.LatestReport(), "a3")["state"]);

        Assert.Equal(ids, observations.Select(observation => observation.TaskId));
        Assert.True(observations[0].StoppedFraction >= 1.0, seen);
        Assert.True(observations[2].StoppedFraction < 1.0, seen);
        var config = await _sandbox.JsonAsync("config");
        var learned = config["learned"]!.AsArray().Single()!;
        Assert.Equal("simple", (string?)learned["complexity"]);
        Assert.Equal(3, (int)learned["observations"]!);
        Assert.True((double)learned["threshold"]! < requests[2] + 0.01, config.ToJsonString());
        Assert.Contains("learned simple " + ((double)learned["threshold"]!).ToString(CultureInfo.InvariantCulture), (await _sandbox.OkAsync("config")).Stdout, StringComparison.Ordinal);
    }
}
