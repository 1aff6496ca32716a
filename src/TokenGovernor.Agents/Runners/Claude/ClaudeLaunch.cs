using System.Text.Json;
using System.Threading.Channels;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>How Claude Code is started: argv, environment, and the stream-json messages it reads on stdin.</summary>
internal static class ClaudeLaunch
{
    public const string Program = "claude";

    private static readonly string[] OwnKeys = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"];

    // Without these Claude Code reaches outside services in the background (ENV-agents.md §3).
    private static readonly KeyValuePair<string, string?>[] Quiet =
    [
        new("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
        new("DISABLE_TELEMETRY", "1"),
        new("DISABLE_AUTOUPDATER", "1"),
    ];

    public static ProcessSpec Spec(AgentRequest request, IReadOnlyDictionary<string, string?> environment, ChannelReader<string>? stdin) =>
        new(Program, Arguments(request), request.WorkingDirectory, environment) { Stdin = stdin };

    /// <summary>
    /// <c>claude -p --output-format stream-json --verbose [--input-format stream-json] [--model M] [--resume ID]
    /// --permission-mode acceptEdits [-- PROMPT]</c>. The prompt comes last, after <c>--</c>, so a prompt that
    /// starts with a dash is never read as an option. With input, the prompt is the first message on stdin.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentRequest request)
    {
        List<string> arguments = ["-p", "--output-format", "stream-json", "--verbose"];
        if (request.Input is not null)
        {
            arguments.AddRange(["--input-format", "stream-json"]);
        }

        if (!string.IsNullOrEmpty(request.Model))
        {
            arguments.AddRange(["--model", request.Model]);
        }

        if (!string.IsNullOrEmpty(request.ResumeSessionId))
        {
            arguments.AddRange(["--resume", request.ResumeSessionId]);
        }

        // Without a permission mode a headless run silently refuses every file edit and still exits 0.
        arguments.AddRange(["--permission-mode", "acceptEdits"]);
        if (request.Input is null)
        {
            arguments.AddRange(["--", request.Prompt]);
        }

        return arguments;
    }

    public static Dictionary<string, string?> Environment(AgentRequest request)
    {
        var environment = new Dictionary<string, string?>(request.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in Quiet)
        {
            environment[name] = value;
        }

        ProviderKeys.RemoveOthers(environment, request.Environment, OwnKeys);
        return environment;
    }

    /// <summary>One user message as <c>--input-format stream-json</c> reads it: a JSON line.</summary>
    public static string UserMessage(string text) =>
        JsonSerializer.Serialize(new
        {
            type = "user",
            message = new { role = "user", content = new[] { new { type = "text", text } } },
        }) + "\n";
}
