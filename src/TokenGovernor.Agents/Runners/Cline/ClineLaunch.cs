using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Cline;

/// <summary>How Cline's CLI (2.x, npm <c>cline</c>) is started, from its documentation; not yet verified against a real binary.</summary>
internal static class ClineLaunch
{
    public const string Program = "cline";

    /// <summary>
    /// <c>cline -y --json [-m M] PROMPT</c>: <c>-y</c> runs headless and approves every action, <c>--json</c> prints
    /// one message per line. The CLI has no documented way to continue a task by id, so resume is not passed.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request)
    {
        List<string> arguments = ["-y", "--json"];
        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["-m", request.Model]);
        }

        arguments.Add(AgentLaunch.Positional(request.Prompt));
        return arguments;
    }

    public static ProcessSpec Spec(AgentRequest request) =>
        new(Program, Arguments(request), request.WorkingDirectory, AgentLaunch.Environment(request, ProviderKeys.ForModel(request.Model)));
}
