using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.OpenCode;

/// <summary>How opencode is started (ENV-agents.md §4.5); Kilo Code's CLI is a fork and takes the same shape.</summary>
internal static class OpenCodeLaunch
{
    public const string Program = "opencode";

    private static readonly KeyValuePair<string, string?>[] Quiet =
    [
        new("OPENCODE_DISABLE_AUTOUPDATE", "1"),
        new("OPENCODE_DISABLE_LSP_DOWNLOAD", "1"),
    ];

    public static ProcessSpec Spec(AgentRequest request) =>
        new(Program, Arguments(request, []), request.WorkingDirectory, AgentLaunch.Environment(request, ProviderKeys.ForModel(request.Model), Quiet));

    /// <summary><c>run [extra…] --format json [-m provider/model] [--session ID] PROMPT</c>; opencode runs its tools without asking.</summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request, IReadOnlyList<string> extra)
    {
        List<string> arguments = ["run", .. extra, "--format", "json"];
        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["-m", request.Model]);
        }

        if (!string.IsNullOrEmpty(request.ResumeSessionId))
        {
            arguments.AddRange(["--session", request.ResumeSessionId]);
        }

        arguments.Add(AgentLaunch.Positional(request.Prompt));
        return arguments;
    }
}
