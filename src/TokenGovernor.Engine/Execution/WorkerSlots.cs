namespace TokenGovernor.Engine.Execution;

/// <summary>
/// One worker pool shared by every run of a process (<c>serve --workers N</c>): a run's dispatch loop takes a slot
/// before it starts a task and releases it when the task ends, so all runs together never run more than
/// <see cref="Size"/> agents at once. A run that found every slot taken is woken when one is released.
/// </summary>
public sealed class WorkerSlots
{
    private readonly Lock _gate = new();
    private readonly List<CancellationTokenSource> _waiting = [];
    private int _busy;

    public WorkerSlots(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
    }

    public int Size { get; }

    /// <summary>How many slots are taken now.</summary>
    public int Busy
    {
        get
        {
            lock (_gate)
            {
                return _busy;
            }
        }
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            if (_busy >= Size)
            {
                return false;
            }

            _busy++;
            return true;
        }
    }

    /// <summary>Gives back a slot taken for a task that did not start after all; nothing was freed, so nobody is woken.</summary>
    public void Return()
    {
        lock (_gate)
        {
            _busy--;
        }
    }

    /// <summary>Gives back the slot of a task that ended, and wakes the runs waiting for one.</summary>
    public void Release()
    {
        List<CancellationTokenSource> wake;
        lock (_gate)
        {
            _busy--;
            wake = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var waiter in wake)
        {
            try
            {
                waiter.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That run stopped waiting meanwhile.
            }
        }
    }

    /// <summary>Cancels <paramref name="wake"/> when the next slot is released (at once when one is free); dispose to stop waiting.</summary>
    public IDisposable WakeOnRelease(CancellationTokenSource wake)
    {
        ArgumentNullException.ThrowIfNull(wake);
        lock (_gate)
        {
            if (_busy < Size)
            {
                wake.Cancel();
                return new Waiting(this, null);
            }

            _waiting.Add(wake);
            return new Waiting(this, wake);
        }
    }

    private sealed class Waiting(WorkerSlots slots, CancellationTokenSource? wake) : IDisposable
    {
        public void Dispose()
        {
            if (wake is not null)
            {
                lock (slots._gate)
                {
                    slots._waiting.Remove(wake);
                }
            }
        }
    }
}
