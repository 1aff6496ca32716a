namespace TokenGovernor.Usage.Claude;

/// <summary>What one log file holds: its counted entries (deduplicated within the file), in line order.</summary>
internal sealed class FileUsage(LogFile file)
{
    public const int ProblemsKept = 20;

    public LogFile File { get; } = file;

    public List<KeyedEntry> Entries { get; } = [];

    /// <summary>The earliest timestamp of any valid line (ccusage orders files by it for blocks); long.MaxValue when none.</summary>
    public long EarliestMs { get; set; } = long.MaxValue;

    public int BadLines { get; set; }

    public List<LineProblem> Problems { get; } = [];

    /// <summary>Where each deduplication key sits in <see cref="Entries"/>.</summary>
    public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

    /// <summary>The session of the last line, reused while lines name the same session id.</summary>
    public SessionRef? LastSession { get; set; }

    public string? LastSessionId { get; set; }

    /// <summary>The line number the next read starts at.</summary>
    public long NextLine { get; set; } = 1;
}

/// <summary>An entry with what deduplication needs: its key (message id [+ ":" + request id]) and token total.</summary>
internal readonly record struct KeyedEntry(UsageEntry Entry, string? Key, bool HasSpeed)
{
    /// <summary>ccusage 19's rule: the larger token total wins; on a tie, the entry that reports <c>usage.speed</c>.</summary>
    public bool Beats(KeyedEntry other)
    {
        var mine = Entry.Tokens.Total;
        var theirs = other.Entry.Tokens.Total;
        return mine == theirs ? HasSpeed && !other.HasSpeed : mine > theirs;
    }
}
