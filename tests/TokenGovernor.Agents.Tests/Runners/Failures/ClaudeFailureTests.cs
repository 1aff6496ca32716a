using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Agents.Runners.Failures;

namespace TokenGovernor.Agents.Tests.Runners.Failures;

/// <summary>Claude Code's failed results (ENV-agents.md §4.1 (c) and §5) as service failures.</summary>
public sealed class ClaudeFailureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_result_with_api_error_status_429_is_a_rate_limit()
    {
        var result = new ClaudeResult(true, "success", "API Error: Request rejected (429) · This request would exceed the rate limit", null, 0m, 429);

        Assert.Equal(ServiceFailureKind.RateLimited, ClaudeFailure.Of(result, Now)?.Kind);
    }

    [Fact]
    public void Overloaded_and_lost_connections_are_told_apart()
    {
        var overloaded = new ClaudeResult(true, "success", "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.", null, 0m, 529);
        var lost = new ClaudeResult(true, "success", "API Error: Connection to the API was lost (ECONNRESET). This is usually temporary — try again.", null, 0m, null);

        Assert.Equal(ServiceFailureKind.ServerError, ClaudeFailure.Of(overloaded, Now)?.Kind);
        Assert.Equal(ServiceFailureKind.Connectivity, ClaudeFailure.Of(lost, Now)?.Kind);
    }

    [Fact]
    public void A_successful_result_or_an_ordinary_error_is_no_service_failure()
    {
        Assert.Null(ClaudeFailure.Of(new ClaudeResult(false, "success", "Done.", null, 0m, null), Now));
        Assert.Null(ClaudeFailure.Of(new ClaudeResult(true, "error_max_turns", "Reached max turns", null, 0m, null), Now));
        Assert.Null(ClaudeFailure.Of(null, Now));
    }
}
