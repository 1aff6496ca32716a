namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary><c>gemini --output-format stream-json</c> output of Gemini CLI 0.61.0, as quoted in ENV-agents.md §4.3.</summary>
internal static class GeminiSamples
{
    public static readonly string[] Default =
    [
        """{"type":"init","timestamp":"2026-11-21T19:54:19.397Z","session_id":"33253f1c-0000-4000-8000-000000000001","model":"gemini-2.5-flash"}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:19.400Z","role":"user","content":"say hi"}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:19.500Z","role":"assistant","content":"Hello from mock!","delta":true}""",
        """{"type":"result","timestamp":"2026-11-21T19:54:19.600Z","status":"success","stats":{"total_tokens":6564,"input_tokens":6500,"output_tokens":57,"cached":5000,"input":1500,"duration_ms":68,"tool_calls":0,"models":{"gemini-2.5-flash":{"total_tokens":6564,"input_tokens":6500,"output_tokens":57,"cached":5000,"input":1500}}}}""",
    ];

    public static readonly string[] Write =
    [
        """{"type":"init","timestamp":"2026-11-21T19:54:19.397Z","session_id":"33253f1c-0000-4000-8000-000000000002","model":"gemini-2.5-flash"}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:19.400Z","role":"assistant","content":"I'll create ","delta":true}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:19.401Z","role":"assistant","content":"the file.","delta":true}""",
        """{"type":"tool_use","timestamp":"2026-11-21T19:54:19.402Z","tool_name":"write_file","tool_id":"write_file__write_file_1795290861909_0","parameters":{"file_path":"/repo/hello.txt","content":"hello from the mock\n"}}""",
        """{"type":"tool_result","timestamp":"2026-11-21T19:54:19.403Z","tool_id":"write_file__write_file_1795290861909_0","status":"success"}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:19.404Z","role":"assistant","content":"Created hello.txt.","delta":true}""",
        """{"type":"result","timestamp":"2026-11-21T19:54:19.405Z","status":"success","stats":{"total_tokens":13002,"input_tokens":12900,"output_tokens":92,"cached":9500,"input":3400,"duration_ms":129,"tool_calls":1}}""",
    ];

    public static readonly string[] RateLimit =
    [
        """{"type":"init","timestamp":"2026-11-21T19:54:34.000Z","session_id":"33253f1c-0000-4000-8000-000000000003","model":"gemini-2.5-flash"}""",
        """{"type":"message","timestamp":"2026-11-21T19:54:34.001Z","role":"user","content":"say hi"}""",
        """{"type":"result","timestamp":"2026-11-21T19:54:41.918Z","status":"error","error":{"type":"unknown","message":"[API Error: You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. Please retry in 1s.\nSuggested retry after 1s.]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}""",
    ];

    public const string RateLimitStderr = """
        Attempt 1 failed: You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. Please retry in 1s.
        Suggested retry after 1s.. Retrying after 5779ms...
        Attempt 2 failed: You exceeded your current quota, please check your plan and billing details. Please retry in 1s.
        Suggested retry after 1s.. Max attempts reached
        """;
}
