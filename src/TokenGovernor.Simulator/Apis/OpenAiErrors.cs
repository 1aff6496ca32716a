using System.Globalization;
using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>The error bodies and headers OpenAI sends, shared by the Responses and Chat Completions APIs.</summary>
internal static class OpenAiErrors
{
    public static ErrorReply Reply(TurnError error, string model, int retryAfterSeconds, string requestId)
    {
        var seconds = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var (status, message, type, code) = error switch
        {
            TurnError.RateLimit => (429, $"Rate limit reached for {model} in organization org-sim on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in {seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.", "tokens", (string?)"rate_limit_exceeded"),
            TurnError.Overloaded => (503, "The server is overloaded or not ready yet.", "server_error", null),
            _ => (500, "The server had an error while processing your request. Sorry about that!", "server_error", null),
        };
        var headers = new Dictionary<string, string> { ["x-request-id"] = requestId };
        if (error == TurnError.RateLimit)
        {
            headers["retry-after"] = seconds;
            headers["retry-after-ms"] = (retryAfterSeconds * 1000L).ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-limit-requests"] = "500";
            headers["x-ratelimit-limit-tokens"] = "30000";
            headers["x-ratelimit-remaining-requests"] = "499";
            headers["x-ratelimit-remaining-tokens"] = "0";
            headers["x-ratelimit-reset-requests"] = "120ms";
            headers["x-ratelimit-reset-tokens"] = seconds + "s";
        }

        var body = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code } };
        return new ErrorReply(status, headers, body);
    }
}
