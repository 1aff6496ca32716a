/// <summary>Each CLI's lines, in the shapes ENV-agents.md §4 records.</summary>
internal sealed partial class CliStream
{
    private const string RateLimitText = "Rate limit reached for mock-model in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.";

    private int Codex()
    {
        Print(new { type = "thread.started", thread_id = _sessionId });
        Print(new { type = "turn.started" });
        if (_rateLimit)
        {
            Print(new { type = "error", message = "Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests, request id: req_dummy1)" });
            Print(new { type = "error", message = "exceeded retry limit, last status: 429 Too Many Requests, request id: req_dummy2" });
            Print(new { type = "turn.failed", error = new { message = "exceeded retry limit, last status: 429 Too Many Requests, request id: req_dummy2" } });
            return 1;
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            if (WriteFile(turn) is { } path)
            {
                Print(new { type = "item.completed", item = new { id = $"item_w{turn}", type = "file_change", changes = new[] { new { path, kind = "add" } }, status = "completed" } });
            }

            Print(new { type = "item.completed", item = new { id = $"item_{turn}", type = "agent_message", text = TurnText(turn) } });
            CodexTokenCount(turn);
            Pause(turn);
        }

        Print(new { type = "turn.completed", usage = new { input_tokens = (Input + CacheRead) * _turns, cached_input_tokens = CacheRead * _turns, output_tokens = Output * _turns, reasoning_output_tokens = 0 } });
        return 0;
    }

    /// <summary>The rollout log's running total after <paramref name="turn"/> turns, as Codex writes it per model response.</summary>
    private void CodexTokenCount(int turn)
    {
        if (!_sessionLog)
        {
            return;
        }

        var home = Environment.GetEnvironmentVariable("CODEX_HOME") is { Length: > 0 } codexHome
            ? codexHome
            : Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".codex");
        var now = DateTime.UtcNow;
        var folder = Path.Combine(home, "sessions", now.ToString("yyyy", null), now.ToString("MM", null), now.ToString("dd", null));
        Directory.CreateDirectory(folder);
        var existing = Directory.GetFiles(folder, $"rollout-*-{_sessionId}.jsonl").FirstOrDefault();
        var path = existing ?? Path.Combine(folder, $"rollout-{now:yyyy-MM-ddTHH-mm-ss}-{_sessionId}.jsonl");
        var total = new { input_tokens = (Input + CacheRead) * turn, cached_input_tokens = CacheRead * turn, output_tokens = Output * turn, reasoning_output_tokens = 0, total_tokens = (Input + CacheRead + Output) * turn };
        File.AppendAllText(path, System.Text.Json.JsonSerializer.Serialize(new { type = "event_msg", payload = new { type = "token_count", info = new { total_token_usage = total } } }) + "\n");
    }

    /// <summary>One model message in the chat log, twice under the same id, as Gemini CLI writes it when tool calls are added.</summary>
    private void GeminiChatLog(int turn)
    {
        if (!_sessionLog)
        {
            return;
        }

        var folder = Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".gemini", "tmp", Path.GetFileName(Environment.CurrentDirectory), "chats");
        Directory.CreateDirectory(folder);
        var path = Directory.GetFiles(folder, $"session-*-{_sessionId[..8]}.jsonl").FirstOrDefault()
            ?? Path.Combine(folder, $"session-{DateTime.UtcNow:yyyy-MM-ddTHH-mm}-{_sessionId[..8]}.jsonl");
        var tokens = new { input = Input + CacheRead, output = Output, cached = CacheRead, thoughts = 0, tool = 0, total = Input + CacheRead + Output };
        var line = System.Text.Json.JsonSerializer.Serialize(new { id = $"msg-{turn}", type = "gemini", content = TurnText(turn), tokens, model = "gemini-2.5-flash" });
        File.AppendAllText(path, line + "\n" + line + "\n");
    }

    private int Gemini()
    {
        Print(new { type = "init", timestamp = DateTimeOffset.UtcNow, session_id = _sessionId, model = "gemini-2.5-flash" });
        Print(new { type = "message", timestamp = DateTimeOffset.UtcNow, role = "user", content = _prompt });
        if (_rateLimit)
        {
            Console.Error.WriteLine("Attempt 1 failed: You exceeded your current quota, please check your plan and billing details. Please retry in 1s.");
            Console.Error.WriteLine("Suggested retry after 1s.. Max attempts reached");
            Print(new { type = "result", timestamp = DateTimeOffset.UtcNow, status = "error", error = new { type = "unknown", message = "[API Error: You exceeded your current quota, please check your plan and billing details. Please retry in 1s.\nSuggested retry after 1s.]" }, stats = new { total_tokens = 0 } });
            return 173;
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            Print(new { type = "message", timestamp = DateTimeOffset.UtcNow, role = "assistant", content = TurnText(turn), delta = true });
            GeminiChatLog(turn);
            if (WriteFile(turn) is { } path)
            {
                Print(new { type = "tool_use", timestamp = DateTimeOffset.UtcNow, tool_name = "write_file", tool_id = "write_file_1", parameters = new { file_path = path, content = "hello from the dummy\n" } });
                Print(new { type = "tool_result", timestamp = DateTimeOffset.UtcNow, tool_id = "write_file_1", status = "success" });
            }

            Pause(turn);
        }

        var prompt = (Input + CacheRead) * _turns;
        Print(new { type = "result", timestamp = DateTimeOffset.UtcNow, status = "success", stats = new { total_tokens = prompt + (Output * _turns), input_tokens = prompt, output_tokens = Output * _turns, cached = CacheRead * _turns, input = Input * _turns } });
        return 0;
    }

    private int Qwen()
    {
        Print(new { type = "system", subtype = "init", cwd = Environment.CurrentDirectory, session_id = _sessionId, model = "mock-model", qwen_code_version = "0.15.10" });
        if (_rateLimit)
        {
            var text = $"[API Error: 429 {RateLimitText}]\nPossible quota limitations in place or slow response times detected. Please wait and try again later.";
            Print(new { type = "assistant", message = new { model = "mock-model", content = new[] { new { type = "text", text } }, usage = new { input_tokens = 0, output_tokens = 0 } } });
            Print(new { type = "result", subtype = "success", is_error = false, num_turns = 1, result = text, usage = new { input_tokens = 0, output_tokens = 0 } });
            return 0;
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            if (WriteFile(turn) is { } path)
            {
                Print(new { type = "assistant", message = new { model = "mock-model", content = new object[] { new { type = "tool_use", id = "call_dummy", name = "write_file", input = new { file_path = path } } }, usage = new { input_tokens = 0, output_tokens = 0 } } });
            }

            Print(new { type = "assistant", message = new { model = "mock-model", content = new[] { new { type = "text", text = TurnText(turn) } }, usage = new { input_tokens = Input + CacheRead, output_tokens = Output, cache_read_input_tokens = CacheRead } } });
            Pause(turn);
        }

        Print(new { type = "result", subtype = "success", is_error = false, num_turns = _turns, result = TurnText(_turns), usage = new { input_tokens = (Input + CacheRead) * _turns, output_tokens = Output * _turns, cache_read_input_tokens = CacheRead * _turns } });
        return 0;
    }

    private int OpenCode()
    {
        var session = "ses_" + _sessionId.Replace("-", "", StringComparison.Ordinal);
        if (_rateLimit)
        {
            Print(new { type = "error", timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), sessionID = session, error = new { name = "APIError", data = new { message = RateLimitText, statusCode = 429, isRetryable = true, responseHeaders = new Dictionary<string, string> { ["retry-after"] = "1", ["retry-after-ms"] = "1000" } } } });
            return 1;
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            Print(new { type = "step_start", sessionID = session, part = new { type = "step-start" } });
            Print(new { type = "text", sessionID = session, part = new { type = "text", text = TurnText(turn) } });
            if (WriteFile(turn) is { } path)
            {
                Print(new { type = "tool_use", sessionID = session, part = new { type = "tool", tool = "write", state = new { status = "completed", input = new { filePath = path } } } });
            }

            Print(new { type = "step_finish", sessionID = session, part = new { reason = "stop", type = "step-finish", tokens = new { total = Input + Output + CacheRead, input = Input, output = Output, reasoning = 0, cache = new { write = 0, read = CacheRead } }, cost = 0 } });
            Pause(turn);
        }

        return 0;
    }

    private int Cline()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Print(new { type = "say", say = "task", text = _prompt, ts = start });
        if (_rateLimit)
        {
            Print(new { type = "ask", ask = "api_req_failed", text = "429 " + RateLimitText, ts = start + 1 });
            return 1;
        }

        for (var turn = 1; turn <= _turns; turn++)
        {
            var request = System.Text.Json.JsonSerializer.Serialize(new { request = _prompt, tokensIn = Input, tokensOut = Output, cacheWrites = 0, cacheReads = CacheRead, cost = 0 });
            Print(new { type = "say", say = "api_req_started", text = request, ts = start + (turn * 10) });
            if (WriteFile(turn) is { } path)
            {
                Print(new { type = "say", say = "tool", text = System.Text.Json.JsonSerializer.Serialize(new { tool = "newFileCreated", path }), ts = start + (turn * 10) + 1 });
            }

            Print(new { type = "say", say = turn == _turns ? "completion_result" : "text", text = TurnText(turn), ts = start + (turn * 10) + 2 });
            Pause(turn);
        }

        return 0;
    }
}
