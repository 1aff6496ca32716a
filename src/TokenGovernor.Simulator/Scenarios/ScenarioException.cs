namespace TokenGovernor.Simulator.Scenarios;

/// <summary>A scenario file that cannot be used; the message names the file, line and field.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ScenarioException()
        : this("invalid scenario")
    {
    }
}
