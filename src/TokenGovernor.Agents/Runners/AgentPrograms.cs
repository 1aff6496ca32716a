using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Agents.Runners.Cline;
using TokenGovernor.Agents.Runners.Codex;
using TokenGovernor.Agents.Runners.Gemini;
using TokenGovernor.Agents.Runners.KiloCode;
using TokenGovernor.Agents.Runners.OpenCode;
using TokenGovernor.Agents.Runners.Qwen;

namespace TokenGovernor.Agents.Runners;

/// <summary>The executable each agent runner starts, looked up on PATH, e.g. <c>kilocode</c> runs <c>kilo</c>.</summary>
public static class AgentPrograms
{
    public static IReadOnlyList<(string Runner, string Program)> All { get; } =
    [
        (ClaudeRunner.TypeName, ClaudeLaunch.Program),
        (CodexRunner.TypeName, CodexLaunch.Program),
        (GeminiRunner.TypeName, GeminiLaunch.Program),
        (QwenRunner.TypeName, QwenLaunch.Program),
        (OpenCodeRunner.TypeName, OpenCodeLaunch.Program),
        (ClineRunner.TypeName, ClineLaunch.Program),
        (KiloCodeRunner.TypeName, KiloCodeRunner.Program),
    ];
}
