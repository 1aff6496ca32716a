using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners;

namespace TokenGovernor.Agents.Tests.Runners;

public sealed class RunnerRegistryTests
{
    [Fact]
    public void Default_registry_knows_the_script_runner()
    {
        var registry = RunnerRegistry.CreateDefault();

        Assert.True(registry.TryGet("script", out var runner));
        Assert.IsType<ScriptRunner>(runner);
        Assert.Contains("script", registry.Types);
    }

    [Fact]
    public void Default_registry_knows_the_claude_runner()
    {
        var registry = RunnerRegistry.CreateDefault();

        Assert.True(registry.TryGet("claude", out var runner));
        Assert.IsType<TokenGovernor.Agents.Runners.Claude.ClaudeRunner>(runner);
    }

    [Fact]
    public void Type_lookup_ignores_case_and_unknown_types_are_not_found()
    {
        var registry = RunnerRegistry.CreateDefault();

        Assert.True(registry.TryGet("Script", out _));
        Assert.False(registry.TryGet("no-such-agent", out _));
    }

    [Fact]
    public void Two_runners_with_the_same_type_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunnerRegistry([new ScriptRunner(), new FakeRunner("SCRIPT")]));

        Assert.Contains("SCRIPT", error.Message);
    }

    [Fact]
    public void Registry_holds_the_runners_it_is_given()
    {
        var fake = new FakeRunner("fake");

        var registry = new RunnerRegistry([new ScriptRunner(), fake]);

        Assert.True(registry.TryGet("fake", out var runner));
        Assert.Same(fake, runner);
        Assert.Equal(2, registry.Types.Count);
    }

    private sealed class FakeRunner(string type) : IAgentRunner
    {
        public string Type => type;

        public Task<AgentAttemptResult> RunAsync(AgentRequest request, ProcessLimits limits, Action<AgentEvent>? onEvent, TimeProvider time, CancellationToken gracefulStop, CancellationToken forcedStop) =>
            throw new NotSupportedException();
    }
}
