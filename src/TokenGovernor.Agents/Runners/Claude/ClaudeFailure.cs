using TokenGovernor.Agents.Runners.Failures;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>The service failure a Claude Code <c>result</c> reports: <c>api_error_status</c> first, else its message.</summary>
internal static class ClaudeFailure
{
    public static ServiceFailure? Of(ClaudeResult? result, DateTimeOffset now)
    {
        if (result is not { IsError: true })
        {
            return null;
        }

        return (result.ApiErrorStatus is { } status ? ServiceFailureText.FromStatus(status, result.Message, now) : null)
            ?? ServiceFailureText.Classify(result.Message, now);
    }
}
