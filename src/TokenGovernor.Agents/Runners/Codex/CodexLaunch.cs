using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Codex;

/// <summary>How Codex CLI is started (ENV-agents.md §4.2).</summary>
internal static class CodexLaunch
{
    public const string Program = "codex";

    private static readonly string[] OwnKeys = ["OPENAI_API_KEY", "CODEX_API_KEY"];

    public static ProcessSpec Spec(AgentRequest request) =>
        new(Program, Arguments(request), request.WorkingDirectory, AgentLaunch.Environment(request, OwnKeys));

    /// <summary>
    /// <c>codex exec --json --skip-git-repo-check --sandbox workspace-write [-m M] [resume ID] -- PROMPT</c>.
    /// Without a sandbox mode a headless run may not write the repository; the prompt comes after <c>--</c>.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request)
    {
        List<string> arguments = ["exec", "--json", "--skip-git-repo-check", "--sandbox", "workspace-write"];
        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["-m", request.Model]);
        }

        if (!string.IsNullOrEmpty(request.ResumeSessionId))
        {
            arguments.AddRange(["resume", request.ResumeSessionId]);
        }

        arguments.AddRange(["--", request.Prompt]);
        return arguments;
    }
}
