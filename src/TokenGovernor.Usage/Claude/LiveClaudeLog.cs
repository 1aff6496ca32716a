using TokenGovernor.Usage.Tail;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Claude Code logs kept up to date by reading, on each <see cref="Refresh"/>, only the bytes appended since the last
/// one (<see cref="LogTail"/>); a truncated or replaced file is read again from its start and its earlier entries dropped.
/// </summary>
public sealed class LiveClaudeLog(IReadOnlyList<string> dataDirs, UsageQuery query)
{
    private readonly LogTail _tail = new();
    private readonly Dictionary<string, FileUsage> _files = new(StringComparer.Ordinal);
    private readonly ClaudeFileReader _reader = new(new UsageCost(query.Mode, query.Prices));

    /// <summary>Bytes read by the last refresh.</summary>
    public long BytesRead { get; private set; }

    public ClaudeUsageLog Refresh()
    {
        BytesRead = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in dataDirs.SelectMany(ClaudeDataDirs.Files).Where(file => query.Project is null || file.Project == query.Project))
        {
            seen.Add(file.Path);
            TailRead read;
            try
            {
                read = _tail.Read(file.Path);
            }
            catch (IOException)
            {
                continue;
            }

            if (read.Restarted || !_files.TryGetValue(file.Path, out var usage))
            {
                usage = new FileUsage(file);
                _files[file.Path] = usage;
            }

            if (read.Lines.Length > 0)
            {
                _reader.Append(usage, read.Lines);
                BytesRead += read.Lines.Length;
            }
        }

        foreach (var gone in _files.Keys.Where(path => !seen.Contains(path)).ToList())
        {
            _files.Remove(gone);
            _tail.Positions.Remove(gone);
        }

        return new ClaudeUsageLog([.. _files.Values.OrderBy(file => file.File.Path, StringComparer.Ordinal)]);
    }
}
