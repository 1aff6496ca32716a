namespace TokenGovernor.Engine.Service;

/// <summary>Why the service refuses a request; the server maps each to its HTTP status.</summary>
public enum ServiceErrorKind
{
    /// <summary>A field of the request is missing or wrong (400).</summary>
    BadRequest,

    /// <summary>The key may not see or change what the request names (403).</summary>
    Forbidden,

    /// <summary>The project, package, task or agent does not exist (404).</summary>
    NotFound,

    /// <summary>The request clashes with what exists: a taken id or name, a state that does not allow the change (409).</summary>
    Conflict,

    /// <summary>Too many calls for one agent or key (429).</summary>
    RateLimited,
}

/// <summary>A refusal a client can act on: its kind, the field at fault when there is one, and what to do.</summary>
public sealed class ServiceException : Exception
{
    public ServiceException(ServiceErrorKind kind, string? field, string message)
        : base(message)
    {
        Kind = kind;
        Field = field;
    }

    public ServiceException()
        : this(ServiceErrorKind.BadRequest, null, "bad request")
    {
    }

    public ServiceException(string message)
        : this(ServiceErrorKind.BadRequest, null, message)
    {
    }

    public ServiceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ServiceErrorKind Kind { get; }

    public string? Field { get; }

    /// <summary>When a rate-limited client may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ServiceException BadField(string field, string message) => new(ServiceErrorKind.BadRequest, field, $"{field}: {message}");

    public static ServiceException NotFound(string field, string message) =>
        new(ServiceErrorKind.NotFound, field, message.StartsWith(field + ":", StringComparison.Ordinal) ? message : $"{field}: {message}");
}
