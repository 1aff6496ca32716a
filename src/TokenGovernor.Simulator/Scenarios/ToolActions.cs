namespace TokenGovernor.Simulator.Scenarios;

/// <summary>The generic actions a scenario can ask for; each is mapped onto the tool the client offered.</summary>
public static class ToolActions
{
    public const string WriteFile = "write_file";
    public const string Shell = "shell";
}
