using TokenGovernor.Agents.Processes;
using TokenGovernor.Agents.Runners.Streaming;

namespace TokenGovernor.Agents.Runners.Qwen;

/// <summary>How Qwen Code is started (ENV-agents.md §4.4).</summary>
internal static class QwenLaunch
{
    public const string Program = "qwen";

    private static readonly string[] OwnKeys = ["OPENAI_API_KEY", "DASHSCOPE_API_KEY"];

    public static ProcessSpec Spec(AgentRequest request)
    {
        var environment = AgentLaunch.Environment(request, OwnKeys);
        return new(Program, Arguments(request, environment), request.WorkingDirectory, environment);
    }

    /// <summary>
    /// <c>qwen [--auth-type openai] -o stream-json --yolo [-m M] [--resume ID] PROMPT</c>. With an
    /// OpenAI-compatible key in the environment the CLI is told to use it rather than its own sign-in.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request, IReadOnlyDictionary<string, string?> environment)
    {
        List<string> arguments = [];
        var key = environment.TryGetValue("OPENAI_API_KEY", out var own) ? own : System.Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            arguments.AddRange(["--auth-type", "openai"]);
        }

        arguments.AddRange(["-o", "stream-json", "--yolo"]);
        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["-m", request.Model]);
        }

        if (!string.IsNullOrEmpty(request.ResumeSessionId))
        {
            arguments.AddRange(["--resume", request.ResumeSessionId]);
        }

        arguments.Add(AgentLaunch.Positional(request.Prompt));
        return arguments;
    }
}
