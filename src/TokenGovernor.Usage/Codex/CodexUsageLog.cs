namespace TokenGovernor.Usage.Codex;

/// <summary>Reads Codex session logs, files in parallel, and hands reports their entries in ccusage's order.</summary>
public sealed class CodexUsageLog
{
    private CodexUsageLog(List<CodexEntry> entries, int files, int badLines)
    {
        Entries = entries;
        FilesRead = files;
        BadLines = badLines;
    }

    /// <summary>Counted calls, exact repeats (a forked session replaying its parent) dropped, ordered by timestamp.</summary>
    public List<CodexEntry> Entries { get; }

    public int FilesRead { get; }

    public int BadLines { get; }

    public static CodexUsageLog Load(IReadOnlyList<string> sessionsDirs, CancellationToken cancellationToken = default)
    {
        var all = new List<CodexEntry>();
        int files = 0, bad = 0;
        foreach (var dir in sessionsDirs)
        {
            var list = CodexDataDirs.Files(dir);
            var results = new List<CodexEntry>[list.Count];
            var states = new CodexFileState[list.Count];
            Parallel.For(0, list.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                states[i] = new CodexFileState();
                results[i] = CodexFileReader.Read(list[i], states[i]);
            });
            files += list.Count;
            bad += states.Sum(state => state.BadLines);
            all.AddRange(results.SelectMany(entries => entries).OrderBy(entry => entry.Timestamp, StringComparer.Ordinal));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = all.Where(entry => seen.Add($"{entry.Timestamp} {entry.Model} {entry.Input} {entry.Cached} {entry.Output} {entry.Reasoning} {entry.Total}"));
        return new CodexUsageLog([.. unique.OrderBy(entry => entry.Timestamp, StringComparer.Ordinal)], files, bad);
    }
}
