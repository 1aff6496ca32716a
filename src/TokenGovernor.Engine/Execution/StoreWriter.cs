using System.Threading.Channels;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Execution;

/// <summary>
/// Writes task changes to the store in the background, many per transaction when they arrive close
/// together: a run of short tasks would otherwise spend most of its time committing. Changes reach the
/// store in the order they were queued, within moments; <see cref="FlushAsync"/> waits for all of them.
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    /// <summary>How long the first change of a batch waits for company: one commit instead of dozens under load.</summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly IGovernorStore _store;
    private readonly TextWriter _diagnostics;
    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public StoreWriter(IGovernorStore store, TextWriter diagnostics)
    {
        _store = store;
        _diagnostics = diagnostics;
        _loop = Task.Run(WriteLoopAsync);
    }

    public void Enqueue(TaskResultRecord result, AttemptRecord? attempt = null, TaskStateRecord? state = null) =>
        _queue.Writer.TryWrite(new Item(new TaskRecord(result, attempt, state), null));

    /// <summary>The first write that failed, if any; each failure is also reported on the diagnostics writer.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Completes once every change queued before the call has been written (or has failed and been reported).</summary>
    public async Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite(new Item(null, done)))
        {
            await done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<TaskRecord>(MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            await Task.Delay(BatchWindow);
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.Record is { } record)
                {
                    batch.Add(record);
                }
                else
                {
                    flushes.Add(item.Flushed!);
                    break;
                }
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch);
                batch.Clear();
            }

            flushes.ForEach(flush => flush.TrySetResult());
            flushes.Clear();
        }
    }

    private async Task WriteAsync(List<TaskRecord> batch)
    {
        try
        {
            await _store.RecordTasksAsync(batch, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed write must not stop the run; it is reported at the next flush.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Failure ??= error;
            await _diagnostics.WriteLineAsync($"warning: could not record {batch.Count} task change(s) in {_store.Description}: {error.Message}");
        }
    }

    private sealed record Item(TaskRecord? Record, TaskCompletionSource? Flushed);
}
