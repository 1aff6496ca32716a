using System.Text;
using System.Text.Json;
using TokenGovernor.Agents.Runners.Streaming;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Gemini;

/// <summary>
/// Gemini CLI's chat log, <c>~/.gemini/tmp/&lt;project&gt;/chats/session-&lt;time&gt;-&lt;first 8 of the session id&gt;.jsonl</c>
/// (ENV-agents.md §4.3 (d)): each model message is a <c>"type":"gemini"</c> line with its <c>tokens</c>, written
/// again under the same id when its tool calls are added. It is how an attempt stopped before its <c>result</c>
/// still counts what the model served.
/// </summary>
internal static class GeminiSessionLog
{
    private const int IdPrefixLength = 8;

    public static string? PathFor(string? sessionId, IReadOnlyDictionary<string, string?> environment)
    {
        var home = environment.TryGetValue("HOME", out var value) ? value : System.Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length < IdPrefixLength || string.IsNullOrEmpty(home))
        {
            return null;
        }

        var projects = System.IO.Path.Combine(home, ".gemini", "tmp");
        return Directory.Exists(projects)
            ? Directory.EnumerateFiles(projects, $"session-*-{sessionId[..IdPrefixLength]}.jsonl", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
    }

    /// <summary>The sum of every model message's tokens, each message counted once; null when there is no log.</summary>
    public static TokenUsage? ReadTotal(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var byMessage = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains("\"gemini\"", StringComparison.Ordinal) && Message(line, byMessage.Count) is var (id, tokens))
                {
                    byMessage[id] = tokens;
                }
            }
        }
        catch (IOException)
        {
            // What was read so far still counts.
        }

        return byMessage.Values.Aggregate(TokenUsage.Zero, (sum, tokens) => sum + tokens);
    }

    private static (string Id, TokenUsage Tokens)? Message(string line, int index)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var tokens = Json.Object(root, "tokens");
            if (Json.String(root, "type") != "gemini" || tokens.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // "input" is the whole prompt, cached part included; thoughts have their own count.
            var input = Json.Long(tokens, "input") + Json.Long(tokens, "tool");
            var cached = Json.Long(tokens, "cached");
            var usage = new TokenUsage(Math.Max(0, input - cached), Json.Long(tokens, "output"), 0, cached, Json.Long(tokens, "thoughts"));
            return (Json.String(root, "id") ?? $"line-{index}", usage);
        }
        catch (JsonException)
        {
            // A line still being written when we read.
            return null;
        }
    }
}
