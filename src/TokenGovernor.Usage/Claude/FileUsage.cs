namespace TokenGovernor.Usage.Claude;

/// <summary>What one log file holds: its counted entries (deduplicated within the file), in line order.</summary>
internal sealed class FileUsage(LogFile file, bool keepKeyText = false)
{
    public const int ProblemsKept = 20;

    public LogFile File { get; } = file;

    public List<KeyedEntry> Entries { get; set; } = [];

    /// <summary>
    /// The key text (message id [+ ":" + request id]) of each entry, in step with <see cref="Entries"/>, for readers that
    /// need stable ids (<c>measure</c>); null unless asked for.
    /// </summary>
    public List<string?>? KeyTexts { get; } = keepKeyText ? [] : null;

    /// <summary>The earliest timestamp of any valid line (ccusage orders files by it for blocks); long.MaxValue when none.</summary>
    public long EarliestMs { get; set; } = long.MaxValue;

    public int BadLines { get; set; }

    public List<LineProblem> Problems { get; } = [];

    /// <summary>Where each deduplication key sits in <see cref="Entries"/>, kept between reads of a growing file (built when first needed).</summary>
    public KeyIndex? Index { get; set; }

    /// <summary>The session of the last line, reused while lines name the same session id.</summary>
    public SessionRef? LastSession { get; set; }

    /// <summary>The UTF-8 session id of the last line (null when it had none).</summary>
    public byte[]? LastSessionId { get; set; }

    /// <summary>The line number the next read starts at.</summary>
    public long NextLine { get; set; } = 1;
}

/// <summary>An entry with what deduplication needs: its key (<see cref="DedupKey.None"/> when it has none) and whether it reported <c>usage.speed</c>.</summary>
internal readonly record struct KeyedEntry(UsageEntry Entry, DedupKey Key, bool HasSpeed)
{
    /// <summary>ccusage 19's rule: the larger token total wins; on a tie, the entry that reports <c>usage.speed</c>.</summary>
    public bool Beats(KeyedEntry other) => Beats(other.Entry.Tokens.Total, other.HasSpeed);

    public bool Beats(long otherTotal, bool otherHasSpeed)
    {
        var mine = Entry.Tokens.Total;
        return mine == otherTotal ? HasSpeed && !otherHasSpeed : mine > otherTotal;
    }
}
