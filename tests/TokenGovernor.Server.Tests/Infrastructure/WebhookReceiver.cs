using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TokenGovernor.Server.Tests.Infrastructure;

/// <summary>A webhook endpoint on loopback that records every delivery and fails the first <c>failures</c> of them.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _failuresLeft;

    public WebhookReceiver(int failures)
    {
        _failuresLeft = failures;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public async Task<List<Delivery>> WaitForAsync(Func<IReadOnlyCollection<Delivery>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Deliveries) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        return [.. Deliveries];
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var failed = Interlocked.Decrement(ref _failuresLeft) >= 0;
            Deliveries.Enqueue(new Delivery(
                context.Request.Headers["X-TokenGov-Event"] ?? "", context.Request.Headers["X-TokenGov-Delivery"] ?? "",
                context.Request.Headers["X-TokenGov-Signature"] ?? "", body.ToArray(), failed, DateTime.UtcNow));
            context.Response.StatusCode = failed ? 500 : 204;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public sealed record Delivery(string Event, string DeliveryId, string Signature, byte[] Body, bool Failed, DateTime At);
}
