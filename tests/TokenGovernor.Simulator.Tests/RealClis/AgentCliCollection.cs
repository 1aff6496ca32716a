namespace TokenGovernor.Simulator.Tests.RealClis;

/// <summary>Real agent CLIs run one at a time: each is a heavy process tree, and the build machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class AgentCliCollection
{
    public const string Name = "agent CLIs";
}
