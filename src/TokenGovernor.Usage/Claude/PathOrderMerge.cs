using System.Runtime.CompilerServices;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Deduplicates files' entries across files in path order while the files are still being read: a file read out of
/// turn waits until every file before it is merged. ccusage 19's rule — the duplicate with the larger token total wins
/// (on a tie, the one reporting <c>usage.speed</c>) and keeps the place of the first — gives the same list as merging
/// all files at the end.
/// </summary>
internal sealed class PathOrderMerge(int fileCount)
{
    private readonly FileUsage?[] _pending = new FileUsage?[fileCount];
    private readonly List<bool> _keptSpeed = [];
    private readonly KeyIndex _index = new(4096);
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>Every file, in path order, with its entries let go once merged (its bad lines and problems stay).</summary>
    public List<FileUsage> Files { get; } = new(fileCount);

    public List<UsageEntry> Kept { get; } = [];

    public void Done(int position, FileUsage file)
    {
        lock (_lock)
        {
            _pending[position] = file;
            while (_next < _pending.Length && _pending[_next] is { } ready)
            {
                _pending[_next++] = null;
                Merge(ready);
                Files.Add(ready);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(FileUsage file)
    {
        foreach (var entry in file.Entries)
        {
            if (entry.Key.IsNone)
            {
                Keep(entry);
            }
            else if (_index.Find(entry.Key) is var at and >= 0)
            {
                if (entry.Beats(Kept[at].Tokens.Total, _keptSpeed[at]))
                {
                    Kept[at] = entry.Entry;
                    _keptSpeed[at] = entry.HasSpeed;
                }
            }
            else
            {
                _index.Add(entry.Key, Kept.Count);
                Keep(entry);
            }
        }

        file.Entries.Clear();
        file.Entries.TrimExcess();
    }

    private void Keep(KeyedEntry entry)
    {
        Kept.Add(entry.Entry);
        _keptSpeed.Add(entry.HasSpeed);
    }
}
