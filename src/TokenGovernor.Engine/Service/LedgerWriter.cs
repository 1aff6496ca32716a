using System.Threading.Channels;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Service;

/// <summary>
/// Group commit for the ledger: usage events and decisions from many concurrent requests queue up, and one loop
/// writes whatever has gathered in a single transaction. Each caller waits until its own items are committed, so an
/// answer is only sent for usage that is on disk. The loop has a thread of its own: its work is blocking SQLite
/// calls, and on the thread pool each wake-up would queue behind the very requests that wait for it.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    private const int MaxBatch = 2_000;
    private readonly IGovernorStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LedgerWriter(IGovernorStore store)
    {
        _store = store;
        new Thread(WriteLoop) { IsBackground = true, Name = "token-gov ledger writer" }.Start();
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
        await _stopped.Task;
    }

    private void WriteLoop()
    {
        var batch = new List<Pending>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var count = 0;
            while (count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Usage.Count + next.Decisions.Count;
            }

            try
            {
                // The store's calls complete synchronously on its connection; this thread simply waits for them.
                _store.AppendUsageBatchAsync(
                    [.. batch.SelectMany(item => item.Usage)], [.. batch.SelectMany(item => item.Decisions)], CancellationToken.None).GetAwaiter().GetResult();
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

        _stopped.TrySetResult();
    }

    private sealed record Pending(IReadOnlyList<UsageEventRecord> Usage, IReadOnlyList<DecisionRecord> Decisions, TaskCompletionSource Done);
}
