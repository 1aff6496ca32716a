using System.Diagnostics;
using System.Text.Json;

/// <summary>Stdin, stdout, the session log's place and git: the dummy's dealings with the outside.</summary>
internal sealed partial class ClaudeStream
{
    private void ReadStdin()
    {
        while (Console.In.ReadLine() is { } line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var content = document.RootElement.GetProperty("message").GetProperty("content");
                _inbox.Add(content.ValueKind == JsonValueKind.String
                    ? content.GetString()!
                    : string.Concat(content.EnumerateArray().Select(block => block.TryGetProperty("text", out var text) ? text.GetString() : null)));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                Console.Error.WriteLine($"dummy-agent: not a stream-json user message: {line}");
            }
        }

        _inbox.CompleteAdding();
    }

    private static bool IsCheckpoint(string message) => message.Contains("checkpoint", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, long> Usage(long input, long output, long cacheCreation, long cacheRead) => new()
    {
        ["input_tokens"] = input,
        ["cache_creation_input_tokens"] = cacheCreation,
        ["cache_read_input_tokens"] = cacheRead,
        ["output_tokens"] = output,
    };

    private static void Print(object line) => Console.Out.Write(JsonSerializer.Serialize(line) + "\n");

    private static string? LogPath(string sessionId)
    {
        var config = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/nonexistent", ".claude");
        var slug = string.Concat(Environment.CurrentDirectory.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var folder = Path.Combine(config, "projects", slug);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, sessionId + ".jsonl");
    }

    private static bool Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            git.WaitForExit();
            return git.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
