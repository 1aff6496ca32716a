using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Failures;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Gemini;

/// <summary>How Gemini CLI is started (ENV-agents.md §4.3), and what its exit codes mean.</summary>
internal static class GeminiLaunch
{
    public const string Program = "gemini";

    private static readonly string[] OwnKeys = ["GEMINI_API_KEY", "GOOGLE_API_KEY"];

    // Headless runs in a folder the CLI has not been told to trust exit 55 before doing anything; the task's
    // repository is the folder the user chose to run the agent in.
    private static readonly KeyValuePair<string, string?> Trust = new("GEMINI_CLI_TRUST_WORKSPACE", "true");

    public static ProcessSpec Spec(AgentRequest request) =>
        new(Program, Arguments(request), request.WorkingDirectory, AgentLaunch.Environment(request, OwnKeys, Trust));

    /// <summary>
    /// <c>gemini --prompt=PROMPT --output-format stream-json --approval-mode yolo [-m M] [--resume ID]</c>. Without
    /// yolo a headless run is offered no tool that writes; <c>--prompt=</c> keeps a prompt starting with a dash a value.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request)
    {
        List<string> arguments = ["--prompt=" + request.Prompt, "--output-format", "stream-json", "--approval-mode", "yolo"];
        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["-m", request.Model]);
        }

        if (!string.IsNullOrEmpty(request.ResumeSessionId))
        {
            arguments.AddRange(["--resume", request.ResumeSessionId]);
        }

        return arguments;
    }

    /// <summary>Exit codes observed for final API errors: 173 quota (429), 247 overloaded (503), 244 server error (500).</summary>
    public static ServiceFailure? ExitFailure(int exitCode, string stderr, DateTimeOffset now) => exitCode switch
    {
        173 => ServiceFailureText.Create(ServiceFailureKind.RateLimited, Message(stderr, "rate limited (exit code 173)"), now),
        247 or 244 => ServiceFailureText.Create(ServiceFailureKind.ServerError, Message(stderr, $"server error (exit code {exitCode})"), now),
        _ => null,
    };

    private static string Message(string stderr, string fallback) =>
        stderr.Split('\n').LastOrDefault(line => line.Contains("failed", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim() is { Length: > 0 } line
            ? line
            : fallback;
}
