namespace TokenGovernor.Core.Governance;

/// <summary>
/// The instants a budget window covers, as [Start, End). A null Start means since the beginning; a null
/// End means up to now and on (a total or rolling window has no fixed end).
/// </summary>
public sealed record WindowSpan(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static readonly WindowSpan Always = new(null, null);

    public bool Contains(DateTimeOffset instant) =>
        (Start is not { } start || instant >= start) && (End is not { } end || instant < end);
}
