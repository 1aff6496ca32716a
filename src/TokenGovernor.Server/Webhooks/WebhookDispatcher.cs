using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenGovernor.Engine.Service;
using TokenGovernor.Storage;

namespace TokenGovernor.Server.Webhooks;

/// <summary>
/// Sends each live event to the webhooks of its project that asked for its type, and every hook's periodic status
/// report when it is due. The hook list is read again every few seconds, so hooks added with the CLI while the
/// server runs are picked up.
/// </summary>
internal sealed class WebhookDispatcher(
    GovernorService service, WebhookSender sender, IOptions<JsonOptions> json, GovernorServerOptions options) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private readonly Dictionary<string, DateTimeOffset> _lastStatus = new(StringComparer.Ordinal);
    private IReadOnlyList<WebhookRecord> _hooks = [];
    private DateTimeOffset _hooksReadAt = DateTimeOffset.MinValue;
    private long _statusSeq;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = service.Events.Subscribe();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var tickTask = tick.WaitForNextTickAsync(stoppingToken).AsTask();
        var readTask = subscription.Reader.WaitToReadAsync(stoppingToken).AsTask();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var done = await Task.WhenAny(tickTask, readTask);
                await RefreshHooksAsync(stoppingToken);
                if (done == readTask)
                {
                    if (!await readTask)
                    {
                        break;
                    }

                    while (subscription.Reader.TryRead(out var next))
                    {
                        Dispatch(next);
                    }

                    readTask = subscription.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }
                else
                {
                    await tickTask;
                    await SendDueStatusAsync(stoppingToken);
                    tickTask = tick.WaitForNextTickAsync(stoppingToken).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Task.WhenAll(_deliveries.Keys);
    }

    private async Task RefreshHooksAsync(CancellationToken cancellationToken)
    {
        var now = service.Time.GetUtcNow();
        if (now - _hooksReadAt < options.WebhookRefresh && now >= _hooksReadAt)
        {
            return;
        }

        _hooks = await service.Store.ListWebhooksAsync(null, cancellationToken);
        _hooksReadAt = now;
    }

    private void Dispatch(GovernorEvent item)
    {
        foreach (var hook in _hooks.Where(hook => hook.ProjectId == item.ProjectId && hook.Events.Contains(item.Type)))
        {
            Send(hook, item);
        }
    }

    private async Task SendDueStatusAsync(CancellationToken cancellationToken)
    {
        var now = service.Time.GetUtcNow();
        foreach (var hook in _hooks.Where(hook => hook.Events.Contains(GovernorEventTypes.Status)))
        {
            if (!_lastStatus.TryGetValue(hook.Id, out var last))
            {
                _lastStatus[hook.Id] = now;
                continue;
            }

            if (now - last < TimeSpan.FromSeconds(hook.StatusIntervalSeconds))
            {
                continue;
            }

            _lastStatus[hook.Id] = now;
            StatusReport report;
            try
            {
                report = await service.StatusAsync(ServiceCaller.Admin, "project", hook.ProjectId, cancellationToken);
            }
            catch (ServiceException)
            {
                continue;
            }

            Send(hook, new GovernorEvent(Interlocked.Increment(ref _statusSeq), GovernorEventTypes.Status, now, hook.ProjectId, null, report));
        }
    }

    private void Send(WebhookRecord hook, GovernorEvent item)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { id = item.Seq, @event = item.Type, at = item.At, project = item.ProjectId, task = item.TaskId, data = item.Data }, json.Value.SerializerOptions);
        var delivery = sender.SendAsync(hook, item.Type, item.Seq, body, CancellationToken.None);
        _deliveries[delivery] = 0;
        _ = delivery.ContinueWith(done => _deliveries.TryRemove(done, out _), TaskScheduler.Default);
    }
}
