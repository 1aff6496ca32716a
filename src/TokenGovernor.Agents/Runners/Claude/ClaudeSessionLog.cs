using System.Text;
using System.Text.Json;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>
/// Claude Code's session log, <c>$HOME/.claude/projects/&lt;cwd slug&gt;/&lt;session&gt;.jsonl</c>: one line per content
/// block of each message, written as the message completes, with its final usage.
/// </summary>
internal static class ClaudeSessionLog
{
    /// <summary>The log of a session, or null when the session is unknown. The file need not exist yet.</summary>
    public static string? PathFor(string? sessionId, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.AsSpan().ContainsAny(['/', '\0']) || sessionId is "." or "..")
        {
            return null;
        }

        var configDirectory = Variable("CLAUDE_CONFIG_DIR") is { Length: > 0 } config
            ? config
            : Variable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".claude") : null;
        if (configDirectory is null)
        {
            return null;
        }

        var projects = Path.Combine(configDirectory, "projects");
        var fileName = sessionId + ".jsonl";
        var expected = Path.Combine(projects, Slug(Path.GetFullPath(workingDirectory)), fileName);
        if (File.Exists(expected) || !Directory.Exists(projects))
        {
            return expected;
        }

        // The slug is Claude Code's to choose (a symlinked cwd, say, is resolved first); the session id is unique.
        return Directory.EnumerateDirectories(projects).Select(project => Path.Combine(project, fileName)).FirstOrDefault(File.Exists) ?? expected;

        string? Variable(string name) =>
            environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
    }

    /// <summary>The folder name Claude Code gives a working directory: every character but a letter or digit becomes '-'.</summary>
    public static string Slug(string directory)
    {
        var slug = new StringBuilder(directory.Length);
        foreach (var character in directory)
        {
            slug.Append(char.IsAsciiLetterOrDigit(character) ? character : '-');
        }

        return slug.ToString();
    }

    /// <summary>
    /// The final usage of each assistant message in the log, by message id, leaving out <paramref name="excluded"/>
    /// (messages of earlier attempts in a resumed session); null when there is no log.
    /// Lines repeat per content block: the last line of a message id and request id is its final usage.
    /// </summary>
    public static Dictionary<string, TokenUsage>? ReadUsage(string? path, IReadOnlySet<string>? excluded = null)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var byRequest = new Dictionary<(string Message, string Request), TokenUsage>();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (Assistant(line) is var (message, request, usage) && excluded?.Contains(message) != true)
                {
                    byRequest[(message, request)] = usage;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        var byMessage = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        foreach (var ((message, _), usage) in byRequest)
        {
            byMessage[message] = byMessage.GetValueOrDefault(message, TokenUsage.Zero) + usage;
        }

        return byMessage;
    }

    private static (string Message, string Request, TokenUsage Usage)? Assistant(string line)
    {
        // Cheap filter first: most lines are user messages, tool results and summaries.
        if (!line.Contains("\"assistant\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "assistant"
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("usage", out var usage))
            {
                return null;
            }

            var request = root.TryGetProperty("requestId", out var requestId) && requestId.ValueKind == JsonValueKind.String ? requestId.GetString()! : string.Empty;
            return (id.GetString()!, request, ClaudeUsage.Read(usage));
        }
        catch (JsonException)
        {
            // A line still being written when we read.
            return null;
        }
    }
}
