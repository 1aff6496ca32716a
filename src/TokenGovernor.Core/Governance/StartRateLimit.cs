namespace TokenGovernor.Core.Governance;

/// <summary>
/// The scheduler's start-rate limit: at most <paramref name="perMinute"/> starts in any sliding minute, so a
/// window roll-over that frees budget for many tasks does not start them all in the same instant.
/// </summary>
public sealed class StartRateLimit(int perMinute)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _starts = new();

    public int PerMinute { get; } = perMinute > 0 ? perMinute : throw new ArgumentOutOfRangeException(nameof(perMinute), perMinute, "the start rate must be at least 1 per minute");

    /// <summary>When the next start is allowed: <paramref name="now"/> when one is allowed now.</summary>
    public DateTimeOffset NextStart(DateTimeOffset now)
    {
        Forget(now);
        return _starts.Count < PerMinute ? now : _starts.Peek() + Minute;
    }

    public bool CanStart(DateTimeOffset now) => NextStart(now) <= now;

    public void Started(DateTimeOffset at) => _starts.Enqueue(at);

    private void Forget(DateTimeOffset now)
    {
        while (_starts.Count > 0 && _starts.Peek() + Minute <= now)
        {
            _starts.Dequeue();
        }
    }
}
