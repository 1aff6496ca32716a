using TokenGovernor.Agents.Runners.Failures;

namespace TokenGovernor.Agents.Tests.Runners.Failures;

/// <summary>Messages as the agent CLIs printed them (ENV-agents.md §4 and §5), and texts that must not count.</summary>
public sealed class ServiceFailureTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 19, 54, 41, TimeSpan.Zero);

    [Theory]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests, request id: req_mockd2349e0090ee4da7813e44c2")]
    [InlineData("API Error: Request rejected (429) · This request would exceed the rate limit for your organization (mock-org) of 30,000 input tokens per minute.")]
    [InlineData("[API Error: You exceeded your current quota, please check your plan and billing details.]")]
    [InlineData("Rate limit reached for mock-model in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200.")]
    [InlineData("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}")]
    [InlineData("You've hit your usage limit. Upgrade to Pro or try again in 4 days 1 hour.")]
    public void Provider_rate_limit_messages_are_rate_limits(string text)
    {
        Assert.Equal(ServiceFailureKind.RateLimited, ServiceFailureText.Classify(text, Now)?.Kind);
    }

    [Theory]
    [InlineData("stream disconnected before completion: Transport error: network error: error decoding response body")]
    [InlineData("API Error: Connection to the API was lost (ECONNRESET). This is usually temporary — try again.")]
    [InlineData("[API Error: Connection error. (cause: fetch failed)]")]
    [InlineData("[API Error: exception TypeError: fetch failed sending request]")]
    [InlineData("Cannot connect to API: The socket connection was closed unexpectedly.")]
    [InlineData("stream disconnected before completion: idle timeout waiting for SSE")]
    [InlineData("Request timed out")]
    [InlineData("[API Error: terminated]")]
    public void Broken_connections_are_connectivity_failures(string text)
    {
        Assert.Equal(ServiceFailureKind.Connectivity, ServiceFailureText.Classify(text, Now)?.Kind);
    }

    [Theory]
    [InlineData("Selected model is at capacity. Please try a different model.")]
    [InlineData("API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.")]
    [InlineData("[API Error: 500 The server had an error while processing your request. Sorry about that!]")]
    [InlineData("[API Error: {\"error\":{\"code\":500,\"message\":\"x\",\"status\":\"INTERNAL\"}}]")]
    [InlineData("We’re currently experiencing high demand, which may cause temporary errors.")]
    public void Overloads_and_server_errors_are_server_errors(string text)
    {
        Assert.Equal(ServiceFailureKind.ServerError, ServiceFailureText.Classify(text, Now)?.Kind);
    }

    [Theory]
    [InlineData("Processed 429 files in 3 s")]
    [InlineData("src/app.ts:429: error TS2304: Cannot find name 'x'")]
    [InlineData("Created hello.txt.")]
    [InlineData("")]
    [InlineData("Ripgrep is not available. Falling back to GrepTool.")]
    [InlineData("WARNING: proceeding, even though we could not create PATH aliases")]
    public void A_bare_number_or_ordinary_output_is_no_failure(string text)
    {
        Assert.Null(ServiceFailureText.Classify(text, Now));
    }

    [Theory]
    [InlineData("Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.", 1000)]
    [InlineData("Please retry in 1s.\nSuggested retry after 1s.", 1000)]
    [InlineData("retry-after: 30", 30_000)]
    [InlineData("\"retry-after\":\"1\",\"retry-after-ms\":\"1500\"", 1500)]
    [InlineData("Rate limit reached. Please try again in 20m0s.", 1_200_000)]
    [InlineData("try again in 1.5 seconds", 1500)]
    [InlineData("try again in 2 days 4 hours", 187_200_000)]
    [InlineData("retryDelay: '37s'", 37_000)]
    [InlineData("Please try again in 500ms", 500)]
    public void The_wait_is_read_from_retry_after_and_try_again_in(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ServiceFailureText.RetryAfter(text));
    }

    [Fact]
    public void Without_a_reset_time_the_reset_is_now_plus_the_wait()
    {
        var failure = ServiceFailureText.Classify("[API Error: 429 Rate limit reached for mock-model. Please try again in 1s.]", Now);

        Assert.Equal(TimeSpan.FromSeconds(1), failure?.RetryAfter);
        Assert.Equal(Now.AddSeconds(1), failure?.ResetsAt);
    }

    [Theory]
    [InlineData("{\"error\":\"rate_limit\",\"resets_at\":1795290923}", "2026-11-21T19:55:23Z")]
    [InlineData("rate limited, resets_at=1795290923000", "2026-11-21T19:55:23Z")]
    [InlineData("usage limit reached; resets_at: 2026-11-22T03:00:00Z", "2026-11-22T03:00:00Z")]
    [InlineData("You've reached your usage limit. Your limit resets on 2026-11-23.", "2026-11-23T00:00:00Z")]
    [InlineData("Usage limit reached; resets on Nov 23rd, 2026 5:00 PM UTC. Upgrade for more.", "2026-11-23T17:00:00Z")]
    [InlineData("You've hit your usage limit. Try again at Nov 22, 2026 8:30 AM.", "2026-11-22T08:30:00Z")]
    [InlineData("Claude usage limit reached. Your limit will reset at 5pm", "2026-11-22T17:00:00Z")]
    [InlineData("usage limit reached, resets 20:00", "2026-11-21T20:00:00Z")]
    public void The_reset_time_is_read_from_resets_at_and_resets_on(string text, string expected)
    {
        var failure = ServiceFailureText.Classify(text, Now);

        Assert.Equal(ServiceFailureKind.RateLimited, failure?.Kind);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), failure?.ResetsAt);
    }

    [Fact]
    public void A_reset_phrase_without_a_date_gives_no_reset_time()
    {
        Assert.Null(ServiceFailureText.ResetsAt("the limit resets at the end of the window", Now));
    }

    [Theory]
    [InlineData(429, ServiceFailureKind.RateLimited)]
    [InlineData(503, ServiceFailureKind.ServerError)]
    [InlineData(529, ServiceFailureKind.ServerError)]
    [InlineData(500, ServiceFailureKind.ServerError)]
    public void A_structured_status_code_decides_the_kind(int status, ServiceFailureKind kind)
    {
        Assert.Equal(kind, ServiceFailureText.FromStatus(status, "Rate limit reached. Please try again in 2s.", Now)?.Kind);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public void Client_errors_are_no_service_failure(int status)
    {
        Assert.Null(ServiceFailureText.FromStatus(status, "bad request", Now));
    }
}
