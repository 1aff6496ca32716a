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

    /// <summary>The store could not record what the request asked for — a full disk, a file size limit, an I/O error (503).</summary>
    Unavailable,
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

    /// <summary>
    /// The store failed to write: the request is refused as a whole for what was not written, and may be sent again
    /// once the store has room (events with an <c>id</c> are counted once however often they are sent).
    /// </summary>
    public static ServiceException StoreFailed(string? field, string what, Exception error) =>
        new(ServiceErrorKind.Unavailable, field, $"{(field is null ? "" : field + ": ")}the store could not record {what} ({error.Message.TrimEnd('.')}); nothing of it was counted — free space or fix the store, then send it again")
        {
            RetryAfter = TimeSpan.FromSeconds(5),
        };

    public static ServiceException NotFound(string field, string message) =>
        new(ServiceErrorKind.NotFound, field, message.StartsWith(field + ":", StringComparison.Ordinal) ? message : $"{field}: {message}");
}
