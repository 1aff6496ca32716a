using System.Net;

namespace TokenGovernor.Client;

/// <summary>The service refused a call: its status, and the problem details it sent (title, detail, the field at fault).</summary>
public class TokenGovernorException : Exception
{
    public TokenGovernorException(HttpStatusCode status, string title, string? detail, string? field, TimeSpan? retryAfter)
        : base(detail ?? title)
    {
        Status = status;
        Title = title;
        Field = field;
        RetryAfter = retryAfter;
    }

    public TokenGovernorException()
        : this(HttpStatusCode.InternalServerError, "error", null, null, null)
    {
    }

    public TokenGovernorException(string message)
        : this(HttpStatusCode.InternalServerError, message, message, null, null)
    {
    }

    public TokenGovernorException(string message, Exception inner)
        : base(message, inner)
    {
        Title = message;
    }

    public HttpStatusCode Status { get; }

    public string Title { get; } = "";

    public string? Field { get; }

    /// <summary>For 429: when to try again.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>
/// A model call succeeded but its usage could not be reported (the governor refused for a while — 429, 503 — or could
/// not be reached). The response is kept here, so its work is not lost, and so is the event, with its id: the
/// governed client reports it before its next model call, and a governor that already has it counts it once.
/// </summary>
public sealed class UsageNotReportedException : Exception
{
    public UsageNotReportedException(UsageEvent usage, object? response, Exception inner)
        : base($"token-gov could not take the usage of task {usage?.TaskId}: {inner?.Message}", inner)
    {
        Usage = usage!;
        Response = response;
    }

    public UsageNotReportedException()
        : this("the usage could not be reported")
    {
    }

    public UsageNotReportedException(string message)
        : base(message) => Usage = new UsageEvent("", "", null, 0, 0);

    public UsageNotReportedException(string message, Exception inner)
        : base(message, inner) => Usage = new UsageEvent("", "", null, 0, 0);

    /// <summary>The event not yet reported, with the id that makes sending it again safe.</summary>
    public UsageEvent Usage { get; }

    /// <summary>The model's response whose usage this is.</summary>
    public object? Response { get; }
}

/// <summary>The governor answered <c>pause</c> or <c>stop</c>: the agent must not make another model call for this task.</summary>
public sealed class BudgetStopException : Exception
{
    public BudgetStopException(UsageDecision decision, object? response)
        : base($"token-gov says {decision?.Decision} for task {decision?.TaskId}: {decision?.Reason}")
    {
        Decision = decision!;
        Response = response;
    }

    public BudgetStopException()
        : this("the governor stopped the task")
    {
    }

    public BudgetStopException(string message)
        : base(message) => Decision = new UsageDecision("", "", "", Decisions.Stop, message, null, []);

    public BudgetStopException(string message, Exception inner)
        : base(message, inner) => Decision = new UsageDecision("", "", "", Decisions.Stop, message, null, []);

    public UsageDecision Decision { get; }

    /// <summary>The model's response that used the budget up, so its work is not lost.</summary>
    public object? Response { get; }

    /// <summary>When a paused task's budget has room again; null for a stop.</summary>
    public DateTimeOffset? ResumesAt => Decision.ResumesAt;
}
