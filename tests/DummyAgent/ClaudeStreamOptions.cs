using System.Globalization;

/// <summary>The command line of <c>--claude-stream</c>: Claude Code's own flags (accepted, mostly ignored) and the script.</summary>
internal sealed class ClaudeStreamOptions
{
    public string? Prompt { get; private set; }

    public string Model { get; private set; } = "claude-dummy-1";

    public bool StreamInput { get; private set; }

    public string? Resume { get; private set; }

    public int Turns { get; private set; } = 1;

    /// <summary>Final usage per turn: input, output, cache creation, cache read.</summary>
    public long[] UsagePerTurn { get; private set; } = [100, 10, 0, 0];

    public int TurnDelayMs { get; private set; }

    public (string Name, string Text)? WriteFile { get; private set; }

    public bool RateLimit { get; private set; }

    public decimal Cost { get; private set; }

    public bool SessionLog { get; private set; } = true;

    /// <summary>Turns a resumed session (<c>--resume</c>) takes; <see cref="Turns"/> when not given.</summary>
    public int? ResumeTurns { get; private set; }

    /// <summary>Turns the agent still takes after a checkpoint message before it commits and summarises.</summary>
    public int CheckpointDelay { get; private set; }

    /// <summary>The agent pays no attention to checkpoint messages.</summary>
    public bool IgnoreCheckpoint { get; private set; }

    public static ClaudeStreamOptions Parse(string[] args)
    {
        var options = new ClaudeStreamOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-p" or "--print":
                    // Claude Code's -p is a flag; the prompt is a positional argument, possibly right after it.
                    if (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                    {
                        options.Prompt = args[++i];
                    }

                    break;
                case "--":
                    options.Prompt = string.Join(' ', args[(i + 1)..]);
                    i = args.Length;
                    break;
                case "--verbose":
                    break;
                case "--output-format" or "--permission-mode" or "--allowedTools":
                    i++;
                    break;
                case "--input-format":
                    options.StreamInput = args[++i] == "stream-json";
                    break;
                case "--model":
                    options.Model = args[++i];
                    break;
                case "--resume":
                    options.Resume = args[++i];
                    break;
                case "--turns":
                    options.Turns = Number(args[++i]);
                    break;
                case "--usage-per-turn":
                    var parts = args[++i].Split(',').Select(part => long.Parse(part, CultureInfo.InvariantCulture)).ToArray();
                    options.UsagePerTurn = [.. parts, .. new long[4 - parts.Length]];
                    break;
                case "--turn-delay":
                    options.TurnDelayMs = Number(args[++i]);
                    break;
                case "--write-file":
                    options.WriteFile = (args[i + 1], args[i + 2]);
                    i += 2;
                    break;
                case "--rate-limit":
                    options.RateLimit = true;
                    break;
                case "--cost":
                    options.Cost = decimal.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--resume-turns":
                    options.ResumeTurns = Number(args[++i]);
                    break;
                case "--checkpoint-delay":
                    options.CheckpointDelay = Number(args[++i]);
                    break;
                case "--ignore-checkpoint":
                    options.IgnoreCheckpoint = true;
                    break;
                case "--no-session-log":
                    options.SessionLog = false;
                    break;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        throw new ArgumentException($"unknown argument '{args[i]}'");
                    }

                    options.Prompt = args[i];
                    break;
            }
        }

        return options;
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
