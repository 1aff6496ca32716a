using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

/// <summary>
/// Behaves like <c>claude -p … --output-format stream-json --verbose</c> (ENV-agents.md §4.1): <c>system/init</c>,
/// one <c>assistant</c> line per content block carrying the message-start usage (output_tokens 1), the final usage
/// in the session log under <c>$HOME/.claude/projects/&lt;cwd slug&gt;/&lt;session&gt;.jsonl</c>, and a <c>result</c>.
/// With <c>--input-format stream-json</c> it reads user messages on stdin; one that mentions "checkpoint" makes it
/// commit its working tree, summarise and exit. SIGTERM lets the message being written finish, then exits 143.
/// </summary>
internal sealed partial class ClaudeStream : IDisposable
{
    private readonly ClaudeStreamOptions _options;
    private readonly string _sessionId;
    private readonly string? _logPath;
    private readonly BlockingCollection<string> _inbox = [];
    private readonly CancellationTokenSource _terminated = new();
    private readonly long[] _served = new long[4];
    private readonly Queue<string> _later = new();
    private readonly int _turns;
    private int _turnsDone;
    private int? _checkpointIn;
    private string _lastText = string.Empty;

    private ClaudeStream(ClaudeStreamOptions options)
    {
        _options = options;
        _sessionId = options.Resume ?? Guid.NewGuid().ToString();
        _logPath = options.SessionLog ? LogPath(_sessionId) : null;
        _turns = options.Resume is not null && options.ResumeTurns is { } resumed ? resumed : options.Turns;
    }

    public static int Run(string[] args)
    {
        try
        {
            using var stream = new ClaudeStream(ClaudeStreamOptions.Parse(args));
            return stream.Run();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"dummy-agent: {e.Message}");
            return 2;
        }
    }

    public void Dispose()
    {
        _inbox.Dispose();
        _terminated.Dispose();
    }

    private int Run()
    {
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _terminated.Cancel();
        });
        if (_options.StreamInput)
        {
            new Thread(ReadStdin) { IsBackground = true }.Start();
        }

        var prompt = _options.Prompt;
        if (prompt is null && (!_options.StreamInput || !_inbox.TryTake(out prompt, Timeout.Infinite)))
        {
            Console.Error.WriteLine("Error: Input must be provided either through stdin or as a prompt argument when using --print");
            return 1;
        }

        Print(new { type = "system", subtype = "init", cwd = Environment.CurrentDirectory, session_id = _sessionId, model = _options.Model, tools = new[] { "Bash", "Edit", "Write" }, permissionMode = "acceptEdits" });
        if (_options.RateLimit)
        {
            return RateLimited();
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            if (_terminated.IsCancellationRequested)
            {
                return 143;
            }

            Turn(turn, prompt);
            if (_checkpointIn is not null && --_checkpointIn <= 0)
            {
                return Checkpoint();
            }

            if (Wait(turn < _turns ? _options.TurnDelayMs : 0) is { } answer)
            {
                return answer;
            }
        }

        Result();
        while (_options.StreamInput && (_later.Count > 0 ? _later.Dequeue() : Next(Timeout.Infinite)) is { } message)
        {
            if (IsCheckpoint(message))
            {
                return Checkpoint();
            }

            Serve([Text($"You said: {message}")]);
            Result();
        }

        return _terminated.IsCancellationRequested ? 143 : 0;
    }

    private void Turn(int turn, string prompt)
    {
        List<object> blocks = [Text($"Turn {turn} of {_turns}: {prompt}")];
        if (turn == 1 && _options.WriteFile is var (name, text))
        {
            var path = Path.GetFullPath(name);
            File.WriteAllText(path, text);
            blocks.Add(new { type = "tool_use", id = "toolu_" + Guid.NewGuid().ToString("N"), name = "Write", input = new { file_path = path, content = text } });
        }
        else if (turn < _turns)
        {
            blocks.Add(new { type = "tool_use", id = "toolu_" + Guid.NewGuid().ToString("N"), name = "Bash", input = new { command = "true" } });
        }

        Serve(blocks);
        _turnsDone = turn;
    }

    /// <summary>One model message: streamed with its start usage, block by block, then logged with its final usage.</summary>
    private void Serve(IReadOnlyList<object> blocks)
    {
        var id = "msg_dummy_" + Guid.NewGuid().ToString("N");
        var requestId = "req_dummy_" + Guid.NewGuid().ToString("N");
        var u = _options.UsagePerTurn;
        var atStart = Usage(u[0], 1, u[2], u[3]);
        var final = Usage(u[0], u[1], u[2], u[3]);
        foreach (var block in blocks)
        {
            Print(new { type = "assistant", message = Message(id, block, atStart), parent_tool_use_id = (string?)null, session_id = _sessionId });
        }

        var log = new StringBuilder();
        foreach (var block in blocks)
        {
            log.Append(JsonSerializer.Serialize(new { type = "assistant", sessionId = _sessionId, requestId, cwd = Environment.CurrentDirectory, message = Message(id, block, final), uuid = Guid.NewGuid() })).Append('\n');
        }

        if (_logPath is not null)
        {
            File.AppendAllText(_logPath, log.ToString());
        }

        for (var i = 0; i < 4; i++)
        {
            _served[i] += u[i];
        }

        if (blocks.Any(block => JsonSerializer.SerializeToElement(block).GetProperty("type").GetString() == "tool_use"))
        {
            Print(new { type = "user", message = new { role = "user", content = new[] { new { type = "tool_result", content = "ok" } } }, session_id = _sessionId });
        }
    }

    private object Message(string id, object block, object usage) =>
        new { id, type = "message", role = "assistant", model = _options.Model, content = new[] { block }, stop_reason = (string?)null, usage };

    private object Text(string text)
    {
        _lastText = text;
        return new { type = "text", text };
    }

    private void Result(bool isError = false, int? apiErrorStatus = null) =>
        Print(new
        {
            type = "result",
            subtype = "success",
            is_error = isError,
            api_error_status = apiErrorStatus,
            num_turns = _turnsDone,
            result = _lastText,
            session_id = _sessionId,
            total_cost_usd = _options.Cost,
            usage = Usage(_served[0], _served[1], _served[2], _served[3]),
        });

    private int RateLimited()
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Print(new { type = "system", subtype = "api_retry", attempt, max_retries = 2, retry_delay_ms = 1000 * attempt, error_status = 429, error = "rate_limit", session_id = _sessionId });
        }

        var text = "API Error: Request rejected (429) · This request would exceed the rate limit for your organization (dummy-org) of 30,000 input tokens per minute.";
        Print(new { type = "assistant", message = new { id = Guid.NewGuid().ToString(), model = "<synthetic>", role = "assistant", content = new[] { Text(text) }, usage = Usage(0, 0, 0, 0) }, session_id = _sessionId });
        Result(isError: true, apiErrorStatus: 429);
        return 1;
    }

    private int Checkpoint()
    {
        var committed = Git("rev-parse", "--is-inside-work-tree") && Git("add", "-A")
            && Git("-c", "user.name=dummy-agent", "-c", "user.email=dummy-agent@localhost", "commit", "-q", "-m", "checkpoint");
        Serve([Text(committed
            ? $"Checkpoint: committed the work in progress after {_turnsDone} of {_turns} turns."
            : $"Checkpoint: nothing committed after {_turnsDone} of {_turns} turns.")]);
        Result();
        return 0;
    }

    /// <summary>Sleeps between turns; a checkpoint message or SIGTERM ends the run early (its exit code), others wait.</summary>
    private int? Wait(int milliseconds)
    {
        var until = Environment.TickCount64 + milliseconds;
        while (true)
        {
            if (_terminated.IsCancellationRequested)
            {
                return 143;
            }

            var left = (int)Math.Max(0, until - Environment.TickCount64);
            var message = Next(left);
            if (message is not null && IsCheckpoint(message))
            {
                if (_options.IgnoreCheckpoint || _checkpointIn is not null)
                {
                    continue;
                }

                if (_options.CheckpointDelay == 0)
                {
                    return Checkpoint();
                }

                // Finishes what it is doing first: this many more turns, then the commit and the summary.
                _checkpointIn = _options.CheckpointDelay;
                continue;
            }

            if (message is not null)
            {
                // Claude Code queues a message that arrives mid-turn and answers it after the turn.
                _later.Enqueue(message);
            }

            if (message is null && Environment.TickCount64 >= until)
            {
                return _terminated.IsCancellationRequested ? 143 : null;
            }
        }
    }

    private string? Next(int milliseconds)
    {
        try
        {
            return _inbox.TryTake(out var message, milliseconds, _terminated.Token) ? message : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
