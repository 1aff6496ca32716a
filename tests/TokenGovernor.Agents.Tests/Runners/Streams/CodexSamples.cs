namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>
/// <c>codex exec --json</c> output of Codex CLI 0.169.0 against the mock model server, as quoted in ENV-agents.md
/// §4.2 (ids shortened where the document trims them).
/// </summary>
internal static class CodexSamples
{
    public static readonly string[] Default =
    [
        """{"type":"thread.started","thread_id":"01a1ffac-584f-7232-8dc2-8d1529d45fbb"}""",
        """{"type":"turn.started"}""",
        """{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Hello from mock!"}}""",
        """{"type":"turn.completed","usage":{"input_tokens":6500,"cached_input_tokens":5000,"cache_write_input_tokens":300,"output_tokens":57,"reasoning_output_tokens":7}}""",
    ];

    public static readonly string[] Write =
    [
        """{"type":"thread.started","thread_id":"01a1ffac-584f-7232-8dc2-8d1529d45fbc"}""",
        """{"type":"turn.started"}""",
        """{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"I'll create the file."}}""",
        """{"type":"item.started","item":{"id":"item_1","type":"file_change","changes":[{"path":"/repo/hello.txt","kind":"add"}],"status":"in_progress"}}""",
        """{"type":"item.completed","item":{"id":"item_1","type":"file_change","changes":[{"path":"/repo/hello.txt","kind":"add"}],"status":"completed"}}""",
        """{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Created hello.txt."}}""",
        """{"type":"turn.completed","usage":{"input_tokens":12900,"cached_input_tokens":9500,"cache_write_input_tokens":200,"output_tokens":92,"reasoning_output_tokens":10}}""",
    ];

    public static readonly string[] RateLimit =
    [
        """{"type":"thread.started","thread_id":"01a1ffac-584f-7232-8dc2-8d1529d45fbd"}""",
        """{"type":"turn.started"}""",
        """{"type":"error","message":"Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests, request id: req_mockc78f7962896a4d4f8d130601)"}""",
        """{"type":"error","message":"Reconnecting... 5/5 (exceeded retry limit, last status: 429 Too Many Requests, request id: req_mockc78f7962896a4d4f8d130605)"}""",
        """{"type":"error","message":"exceeded retry limit, last status: 429 Too Many Requests, request id: req_mockd2349e0090ee4da7813e44c2"}""",
        """{"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests, request id: req_mockd2349e0090ee4da7813e44c2"}}""",
    ];

    public static readonly string[] Overloaded =
    [
        """{"type":"thread.started","thread_id":"01a1ffac-584f-7232-8dc2-8d1529d45fbe"}""",
        """{"type":"turn.started"}""",
        """{"type":"error","message":"Selected model is at capacity. Please try a different model."}""",
        """{"type":"turn.failed","error":{"message":"Selected model is at capacity. Please try a different model."}}""",
    ];

    public static readonly string[] Disconnect =
    [
        """{"type":"thread.started","thread_id":"01a1ffac-584f-7232-8dc2-8d1529d45fbf"}""",
        """{"type":"turn.started"}""",
        """{"type":"turn.failed","error":{"message":"stream disconnected before completion: Transport error: network error: error decoding response body"}}""",
    ];

    public const string Shell = """{"type":"item.completed","item":{"type":"command_execution","command":"/bin/bash -lc 'echo from-shell > shell.txt && git status --short'","aggregated_output":"?? shell.txt\n","exit_code":0,"status":"completed"}}""";
}
