using System.Text;
using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Codex;

/// <summary>
/// Codex's rollout log, <c>$CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;thread id&gt;.jsonl</c> (CODEX_HOME
/// defaults to <c>~/.codex</c>): a <c>token_count</c> event after each model response carries the thread's running
/// total. It is how an attempt stopped before <c>turn.completed</c> still counts what the model served.
/// </summary>
internal static class CodexSessionLog
{
    public static string? PathFor(string? threadId, IReadOnlyDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(threadId) || Home(environment) is not { } home)
        {
            return null;
        }

        var sessions = System.IO.Path.Combine(home, "sessions");
        return Directory.Exists(sessions)
            ? Directory.EnumerateFiles(sessions, $"rollout-*-{threadId}.jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }

    /// <summary>The thread's total as the last <c>token_count</c> event gives it; null when there is no log or no count.</summary>
    public static TokenUsage? ReadTotal(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        TokenUsage? total = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains("\"token_count\"", StringComparison.Ordinal) && Count(line) is { } count)
                {
                    total = count;
                }
            }
        }
        catch (IOException)
        {
            return total;
        }

        return total;
    }

    private static TokenUsage? Count(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var payload = Json.Object(document.RootElement, "payload");
            if (Json.String(payload, "type") != "token_count")
            {
                return null;
            }

            var usage = Json.Object(Json.Object(payload, "info"), "total_token_usage");
            return usage.ValueKind == JsonValueKind.Object ? CodexStreamParser.ReadUsage(usage) : null;
        }
        catch (JsonException)
        {
            // A line still being written when we read.
            return null;
        }
    }

    private static string? Home(IReadOnlyDictionary<string, string?> environment)
    {
        if (Variable("CODEX_HOME") is { Length: > 0 } codexHome)
        {
            return codexHome;
        }

        return Variable("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".codex") : null;

        string? Variable(string name) =>
            environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
    }
}
