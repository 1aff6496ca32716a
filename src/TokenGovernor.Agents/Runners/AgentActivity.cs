using TokenGovernor.Agents.Runners.Failures;

namespace TokenGovernor.Agents.Runners;

/// <summary>The agent called one of its tools (wrote a file, ran a command, …).</summary>
/// <param name="Name">The tool's name as the agent calls it, e.g. <c>write_file</c>, <c>apply_patch</c>.</param>
/// <param name="Input">The call's input as the agent reported it (usually JSON), if it did.</param>
public sealed record AgentToolUse(DateTimeOffset At, string Name, string? Input) : AgentEvent(At);

/// <summary>The agent reported an error; <paramref name="Failure"/> says when it was its model service failing.</summary>
public sealed record AgentError(DateTimeOffset At, string Message, ServiceFailure? Failure) : AgentEvent(At);
