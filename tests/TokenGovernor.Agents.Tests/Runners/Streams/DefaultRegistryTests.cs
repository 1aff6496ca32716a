using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

public sealed class DefaultRegistryTests
{
    [Fact]
    public void Every_agent_type_a_task_can_name_has_a_runner_and_every_runner_a_program()
    {
        var registry = RunnerRegistry.CreateDefault();

        Assert.All(RunnerCatalog.KnownTypes, type => Assert.True(registry.TryGet(type, out var runner) && runner.Type == type, type));
        Assert.Equal(RunnerCatalog.KnownTypes.Where(type => type != "script").Order(), AgentPrograms.All.Select(agent => agent.Runner).Order());
        Assert.Equal("kilo", AgentPrograms.All.Single(agent => agent.Runner == "kilocode").Program);
    }
}
