using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TokenGovernor.Engine.Service;

namespace TokenGovernor.Server;

/// <summary>One error shape everywhere: RFC 9457 problem details, with the bad field named when there is one.</summary>
internal static class Problems
{
    public static IResult For(ServiceException error) => error.Kind switch
    {
        ServiceErrorKind.BadRequest => Problem(StatusCodes.Status400BadRequest, "Bad request", error.Message, error.Field),
        ServiceErrorKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", error.Message, error.Field),
        ServiceErrorKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", error.Message, error.Field),
        ServiceErrorKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", error.Message, error.Field),
        ServiceErrorKind.Unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Store unavailable", error.Message, error.Field),
        _ => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", error.Message, error.Field),
    };

    public static IResult Problem(int status, string title, string detail, string? field = null) => Results.Problem(
        detail: detail,
        statusCode: status,
        title: title,
        extensions: field is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field });

    /// <summary>A body that is not JSON, or whose value at some path has the wrong type: the path becomes the field.</summary>
    public static ServiceException BadBody(JsonException error)
    {
        var field = error.Path is { Length: > 2 } path ? path.TrimStart('$').TrimStart('.') : "body";
        return ServiceException.BadField(field, error.Path is { Length: > 2 } ? "has the wrong type or format" : "is not valid JSON");
    }
}
