namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary><c>opencode run --format json</c> output of opencode 1.18.33, as quoted in ENV-agents.md §4.5 and §5.</summary>
internal static class OpenCodeSamples
{
    public static readonly string[] Default =
    [
        """{"type":"step_start","timestamp":1795290901341,"sessionID":"ses_e0052dc3affeSgOHlgShnUesrk","part":{"type":"step-start"}}""",
        """{"type":"text","timestamp":1795290901342,"sessionID":"ses_e0052dc3affeSgOHlgShnUesrk","part":{"type":"text","text":"Hello from mock!","time":{"start":1,"end":2}}}""",
        """{"type":"step_finish","timestamp":1795290901343,"sessionID":"ses_e0052dc3affeSgOHlgShnUesrk","part":{"reason":"stop","type":"step-finish","tokens":{"total":6557,"input":1500,"output":50,"reasoning":7,"cache":{"write":0,"read":5000}},"cost":0}}""",
    ];

    public static readonly string[] Write =
    [
        """{"type":"text","timestamp":1795290901342,"sessionID":"ses_write","part":{"type":"text","text":"I'll create the file."}}""",
        """{"type":"tool_use","timestamp":1795290901343,"sessionID":"ses_write","part":{"type":"tool","tool":"write","callID":"call_mock5a2f","state":{"status":"completed","input":{"filePath":"/repo/hello.txt","content":"hello from the mock\n"},"output":"Wrote file successfully."}}}""",
        """{"type":"step_finish","timestamp":1795290901344,"sessionID":"ses_write","part":{"reason":"tool-calls","type":"step-finish","tokens":{"total":5780,"input":1700,"output":70,"reasoning":10,"cache":{"write":0,"read":4000}},"cost":0}}""",
        """{"type":"text","timestamp":1795290901345,"sessionID":"ses_write","part":{"type":"text","text":"Created hello.txt."}}""",
        """{"type":"step_finish","timestamp":1795290901346,"sessionID":"ses_write","part":{"reason":"stop","type":"step-finish","tokens":{"total":7212,"input":1700,"output":12,"reasoning":0,"cache":{"write":0,"read":5500}},"cost":0.0125}}""",
    ];

    public const string RateLimit = """{"type":"error","timestamp":1795290923197,"sessionID":"ses_e005299d7ffeVrzQzq8VFBjAg3","error":{"name":"APIError","data":{"message":"Rate limit reached for mock-model in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.","statusCode":429,"isRetryable":true,"responseHeaders":{"content-length":"307","content-type":"application/json","retry-after":"1","retry-after-ms":"1000","x-ratelimit-limit-requests":"500"},"responseBody":"{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"tokens\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}","metadata":{"url":"http://127.0.0.1:18181/s/ratelimit/v1/chat/completions"}}}}""";

    public const string Overloaded = """{"type":"error","timestamp":1795290923197,"sessionID":"ses_overloaded","error":{"name":"APIError","data":{"message":"The server is overloaded or not ready yet.","statusCode":503,"isRetryable":true}}}""";

    public const string Disconnect = """{"type":"error","timestamp":1795290923197,"sessionID":"ses_disconnect","error":{"name":"APIError","data":{"message":"Cannot connect to API: The socket connection was closed unexpectedly. For more information, pass `verbose: true` in the second argument to fetch()","isRetryable":true}}}""";
}
