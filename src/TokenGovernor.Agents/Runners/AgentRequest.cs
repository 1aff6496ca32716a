namespace TokenGovernor.Agents.Runners;

/// <summary>One attempt at a task.</summary>
/// <param name="Prompt">What the agent is asked to do; for the script runner, the shell command.</param>
/// <param name="WorkingDirectory">Where the agent works (usually the repository).</param>
/// <param name="OutputDirectory">Where the runner writes its logs and final message; created if missing.</param>
/// <param name="Model">The model to ask for, or null for the agent's default.</param>
/// <param name="Environment">Overrides on top of the inherited environment; a null value removes the variable.</param>
public sealed record AgentRequest(
    string TaskId,
    string Prompt,
    string WorkingDirectory,
    string OutputDirectory,
    string? Model,
    IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>The agent's own session to continue (e.g. after a checkpoint), for agents that can resume one.</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>Messages for the agent while it runs, for agents that accept input; null when none will be sent.</summary>
    public AgentInput? Input { get; init; }
}
