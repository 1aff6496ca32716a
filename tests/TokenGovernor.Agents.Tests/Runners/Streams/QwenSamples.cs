namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary><c>qwen -o stream-json</c> output of Qwen Code 0.15.10, as quoted in ENV-agents.md §4.4 and §5.</summary>
internal static class QwenSamples
{
    public static readonly string[] Default =
    [
        """{"type":"system","subtype":"init","cwd":"/tmp/qwen-default/repo","session_id":"4a2434cc-0000-4000-8000-000000000001","model":"mock-model","qwen_code_version":"0.15.10"}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"text","text":"Hello from mock!"}],"usage":{"input_tokens":6500,"output_tokens":57,"cache_read_input_tokens":5000,"total_tokens":6557}}}""",
        """{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"Hello from mock!","usage":{"input_tokens":6600,"output_tokens":77,"cache_read_input_tokens":5000,"total_tokens":6677},"permission_denials":[]}""",
    ];

    public static readonly string[] Write =
    [
        """{"type":"system","subtype":"init","cwd":"/repo","session_id":"4a2434cc-0000-4000-8000-000000000002","model":"mock-model","qwen_code_version":"0.15.10"}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"text","text":"I'll create the file."}],"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"tool_use","id":"call_mock80fb","name":"write_file","input":{"file_path":"/repo/hello.txt","content":"hello from the mock\n"}}],"stop_reason":"tool_use","usage":{"input_tokens":5700,"output_tokens":80,"cache_read_input_tokens":4000,"total_tokens":5780}}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"call_mock80fb","is_error":false,"content":"Successfully created and wrote to new file: /repo/hello.txt."}]}}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"text","text":"Created hello.txt."}],"usage":{"input_tokens":7200,"output_tokens":12,"cache_read_input_tokens":5500,"total_tokens":7212}}}""",
        """{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"Created hello.txt.","usage":{"input_tokens":12900,"output_tokens":92,"cache_read_input_tokens":9500,"total_tokens":12992}}""",
    ];

    public static readonly string[] RateLimit =
    [
        """{"type":"system","subtype":"init","cwd":"/repo","session_id":"4a2434cc-0000-4000-8000-000000000003","model":"mock-model","qwen_code_version":"0.15.10"}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"text","text":"[API Error: 429 Rate limit reached for mock-model in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.]\nPossible quota limitations in place or slow response times detected. Please wait and try again later."}],"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"success","is_error":false,"duration_ms":87079,"num_turns":1,"result":"[API Error: 429 Rate limit reached for mock-model in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.]\nPossible quota limitations in place or slow response times detected. Please wait and try again later.","usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[]}""",
    ];

    public static readonly string[] Disconnect =
    [
        """{"type":"system","subtype":"init","cwd":"/repo","session_id":"4a2434cc-0000-4000-8000-000000000004","model":"mock-model","qwen_code_version":"0.15.10"}""",
        """{"type":"assistant","message":{"model":"mock-model","content":[{"type":"text","text":"Partial answer that gets cut o[API Error: terminated (cause: other side closed)]"}],"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"Partial answer that gets cut o[API Error: terminated (cause: other side closed)]","usage":{"input_tokens":0,"output_tokens":0}}""",
    ];
}
