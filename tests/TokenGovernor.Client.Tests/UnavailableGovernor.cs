using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TokenGovernor.Client.Tests;

/// <summary>
/// A loopback stand-in in front of the real governor service that answers <c>POST /usage</c> with 503 and a
/// <c>Retry-After</c> while <see cref="Refusing"/> is above zero (counting down), as a governor whose disk is full
/// does, and passes everything else, and everything once it stops refusing, to the service.
/// </summary>
public sealed class UnavailableGovernor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _service;
    private int _refusing;

    private UnavailableGovernor(WebApplication app, Uri service)
    {
        _app = app;
        _service = new HttpClient { BaseAddress = service };
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>How many more usage reports to refuse.</summary>
    public int Refusing
    {
        get => Volatile.Read(ref _refusing);
        set => Volatile.Write(ref _refusing, value);
    }

    /// <summary>How many usage reports were refused so far.</summary>
    public int Refused { get; private set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public static async Task<UnavailableGovernor> StartAsync(Uri service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var governor = new UnavailableGovernor(app, service);
        app.Run(governor.HandleAsync);
        await app.StartAsync();
        governor.Address = new Uri(app.Urls.First());
        return governor;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/usage") && HttpMethods.IsPost(context.Request.Method) && TakeRefusal())
        {
            Refused++;
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(
                new { title = "Store unavailable", status = 503, detail = "the store could not record this usage event (disk full)" },
                (System.Text.Json.JsonSerializerOptions?)null,
                "application/problem+json");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            forward.Content = new ByteArrayContent(body.ToArray());
            forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType!);
        }

        forward.Headers.Authorization = AuthenticationHeaderValue.Parse(context.Request.Headers.Authorization.ToString());
        using var answer = await _service.SendAsync(forward);
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await answer.Content.CopyToAsync(context.Response.Body);
    }

    private bool TakeRefusal()
    {
        while (Refusing is var left && left > 0)
        {
            if (Interlocked.CompareExchange(ref _refusing, left - 1, left) == left)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _service.Dispose();
    }
}
