using System.Threading.Channels;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>
/// Group commit for the ledger: usage events and decisions from many concurrent requests queue up, and one loop
/// writes whatever has gathered in a single transaction. Each caller waits until its own items are committed, so an
/// answer is only sent for usage that is on disk.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    private const int MaxBatch = 2_000;
    private readonly IGovernorStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public LedgerWriter(IGovernorStore store)
    {
        _store = store;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues events and decisions and waits until they are committed.</summary>
    public Task WriteAsync(IReadOnlyList<UsageEventRecord> usage, IReadOnlyList<DecisionRecord> decisions)
    {
        var pending = new Pending(usage, decisions, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromException(new ObjectDisposedException(nameof(LedgerWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var count = 0;
            while (count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Usage.Count + next.Decisions.Count;
            }

            try
            {
                await _store.AppendUsageBatchAsync(
                    [.. batch.SelectMany(item => item.Usage)], [.. batch.SelectMany(item => item.Decisions)], CancellationToken.None);
                batch.ForEach(item => item.Done.TrySetResult());
            }
#pragma warning disable CA1031 // The callers get the failure; the loop goes on for the next batch.
            catch (Exception error)
#pragma warning restore CA1031
            {
                batch.ForEach(item => item.Done.TrySetException(error));
            }

            batch.Clear();
        }
    }

    private sealed record Pending(IReadOnlyList<UsageEventRecord> Usage, IReadOnlyList<DecisionRecord> Decisions, TaskCompletionSource Done);
}
