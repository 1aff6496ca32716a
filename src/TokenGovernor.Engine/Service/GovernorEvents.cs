using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TokenGovernor.Engine.Service;

/// <summary>The kinds of live events, as their wire names.</summary>
public static class GovernorEventTypes
{
    public const string Usage = "usage";
    public const string Decision = "decision";
    public const string StateChanged = "state-changed";
    public const string Registered = "registered";
    public const string ThresholdCrossed = "threshold-crossed";
    public const string CheckpointRequested = "checkpoint-requested";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Failed = "failed";
    public const string BudgetExhausted = "budget-exhausted";
    public const string Status = "status";

    /// <summary>What a webhook may subscribe to.</summary>
    public static IReadOnlyList<string> Notifiable { get; } = [ThresholdCrossed, CheckpointRequested, Paused, Resumed, Failed, BudgetExhausted, Status];
}

/// <summary>One live event: a state change, a decision or a usage event, with the project it belongs to.</summary>
public sealed record GovernorEvent(long Seq, string Type, DateTimeOffset At, string? ProjectId, string? TaskId, object Data);

/// <summary>
/// The in-process broadcaster behind the SSE feed and the webhooks. Each subscriber has its own bounded queue;
/// a subscriber too slow to keep up loses its oldest events rather than slowing the governor down.
/// </summary>
public sealed class GovernorEvents(TimeProvider time)
{
    private const int QueueCapacity = 10_000;
    private readonly ConcurrentDictionary<Channel<GovernorEvent>, byte> _subscribers = new();
    private long _seq;

    public GovernorEvent Publish(string type, string? projectId, string? taskId, object data)
    {
        var published = new GovernorEvent(Interlocked.Increment(ref _seq), type, time.GetUtcNow(), projectId, taskId, data);
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(published);
        }

        return published;
    }

    /// <summary>Starts receiving every event published from now on; dispose the subscription to stop.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<GovernorEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[channel] = 0;
        return new Subscription(channel, () => _subscribers.TryRemove(channel, out _));
    }

    public sealed class Subscription(Channel<GovernorEvent> channel, Action unsubscribe) : IDisposable
    {
        public ChannelReader<GovernorEvent> Reader => channel.Reader;

        public void Dispose()
        {
            unsubscribe();
            channel.Writer.TryComplete();
        }
    }
}
