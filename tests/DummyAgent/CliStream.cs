using System.Globalization;
using System.Text.Json;

/// <summary>
/// Behaves like the JSON output of another agent CLI (ENV-agents.md §4): <c>--codex-json</c>, <c>--gemini-json</c>,
/// <c>--qwen-json</c>, <c>--opencode-json</c>, <c>--cline-json</c>. The script comes first and ends at
/// <c>--end-script</c>; what follows is the runner's own argv, whose last argument is the prompt.
/// Script: <c>--turns N</c>, <c>--usage INPUT,OUTPUT,CACHE_READ</c> per turn, <c>--write FILE</c> (turn 1 writes it),
/// <c>--turn-delay MS</c>, <c>--rate-limit</c> (the CLI's real rate-limit output and exit code), <c>--exit N</c>,
/// <c>--session-log</c> (Codex: a rollout log under <c>$CODEX_HOME</c> or <c>~/.codex</c> with a token count per turn;
/// Gemini: a chat log under <c>~/.gemini/tmp/&lt;folder&gt;/chats</c> with each message's tokens, written twice).
/// </summary>
internal sealed partial class CliStream
{
    public static readonly string[] Modes = ["--codex-json", "--gemini-json", "--qwen-json", "--opencode-json", "--cline-json"];

    private readonly string _sessionId = Guid.NewGuid().ToString();
    private int _turns = 1;
    private long[] _usage = [100, 10, 0];
    private string? _write;
    private int _turnDelayMs;
    private bool _rateLimit;
    private bool _sessionLog;
    private int _exit;
    private string _prompt = string.Empty;

    public static int Run(string mode, string[] args)
    {
        var stream = new CliStream();
        var end = Array.IndexOf(args, "--end-script");
        var script = end < 0 ? args : args[..end];
        var runner = end < 0 ? [] : args[(end + 1)..];
        for (var i = 0; i < script.Length; i++)
        {
            switch (script[i])
            {
                case "--turns": stream._turns = Number(script[++i]); break;
                case "--usage": stream._usage = [.. script[++i].Split(',').Select(long.Parse)]; break;
                case "--write": stream._write = script[++i]; break;
                case "--turn-delay": stream._turnDelayMs = Number(script[++i]); break;
                case "--rate-limit": stream._rateLimit = true; break;
                case "--session-log": stream._sessionLog = true; break;
                case "--exit": stream._exit = Number(script[++i]); break;
                default:
                    Console.Error.WriteLine($"dummy-agent: unknown script argument '{script[i]}'");
                    return 2;
            }
        }

        var prompt = runner.FirstOrDefault(argument => argument.StartsWith("--prompt=", StringComparison.Ordinal))?["--prompt=".Length..]
            ?? (runner.Length > 0 ? runner[^1] : string.Empty);
        stream._prompt = prompt.Trim();
        var code = mode switch
        {
            "--codex-json" => stream.Codex(),
            "--gemini-json" => stream.Gemini(),
            "--qwen-json" => stream.Qwen(),
            "--opencode-json" => stream.OpenCode(),
            _ => stream.Cline(),
        };
        return stream._exit != 0 ? stream._exit : code;
    }

    private long Input => _usage[0];

    private long Output => _usage[1];

    private long CacheRead => _usage[2];

    private string TurnText(int turn) => $"Turn {turn} of {_turns}: {_prompt}";

    /// <summary>Turn 1 writes the file, when asked to; returns its absolute path.</summary>
    private string? WriteFile(int turn)
    {
        if (turn != 1 || _write is null)
        {
            return null;
        }

        var path = Path.GetFullPath(_write);
        File.WriteAllText(path, "hello from the dummy\n");
        return path;
    }

    private void Pause(int turn)
    {
        if (turn < _turns && _turnDelayMs > 0)
        {
            Thread.Sleep(_turnDelayMs);
        }
    }

    private static void Print(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value));

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
