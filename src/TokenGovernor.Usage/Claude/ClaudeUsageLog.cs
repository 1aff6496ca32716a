using System.Globalization;
using System.Runtime.CompilerServices;
using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage.Claude;

/// <summary>What to read: cost rules and the filters that let files be skipped before they are read.</summary>
public sealed record UsageQuery
{
    public CostMode Mode { get; init; } = CostMode.Auto;

    public PriceTable Prices { get; init; } = PriceTable.LoadDefault();

    /// <summary>Only this project (the folder under <c>projects/</c>).</summary>
    public string? Project { get; init; }

    /// <summary>YYYYMMDD: files not modified since the day before are not read (their entries cannot be that recent).</summary>
    public string? Since { get; init; }
}

/// <summary>Reads Claude Code logs, each file once and files in parallel, and hands reports their entries in ccusage's orders.</summary>
public sealed class ClaudeUsageLog
{
    private readonly List<FileUsage> _files;
    private readonly List<UsageEntry>? _merged;

    internal ClaudeUsageLog(List<FileUsage> files, List<UsageEntry>? merged = null)
    {
        _files = files;
        _merged = merged;
    }

    public int FilesRead => _files.Count;

    /// <summary>Lines that held a usage object but did not count (malformed JSON, bad fields).</summary>
    public int BadLines => _files.Sum(file => file.BadLines);

    /// <summary>The first few bad lines of each file, with file and line number.</summary>
    public IEnumerable<LineProblem> Problems => _files.SelectMany(file => file.Problems);

    /// <summary>Reads the logs for any report (<see cref="InPathOrder"/> and <see cref="InTimeOrder"/>).</summary>
    public static ClaudeUsageLog Load(IReadOnlyList<string> dataDirs, UsageQuery query, CancellationToken cancellationToken = default)
    {
        var list = Select(dataDirs, query);
        var results = new FileUsage[list.Count];
        var cost = new UsageCost(query.Mode, query.Prices);
        Parallel.For(0, list.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new ClaudeFileReader(cost),
            (i, _, reader) =>
            {
                results[i] = reader.Read(list[i]);
                return reader;
            },
            _ => { });
        return new ClaudeUsageLog([.. results]);
    }

    /// <summary>
    /// Reads the logs for reports in path order only (<see cref="InPathOrder"/>; <see cref="InTimeOrder"/> is not
    /// available): files are taken in path order by the reading threads and each file's entries are merged and let go as
    /// soon as every file before it is done, so what is held is the merged entries, not every file's.
    /// </summary>
    public static ClaudeUsageLog LoadInPathOrder(IReadOnlyList<string> dataDirs, UsageQuery query, CancellationToken cancellationToken = default)
    {
        var list = Select(dataDirs, query);
        var merge = new PathOrderMerge(list.Count);
        var cost = new UsageCost(query.Mode, query.Prices);
        var next = -1;
        var workers = Math.Clamp(list.Count, 1, Environment.ProcessorCount);
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers }, _ =>
        {
            var reader = new ClaudeFileReader(cost);
            int i;
            while ((i = Interlocked.Increment(ref next)) < list.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                merge.Done(i, reader.Read(list[i]));
            }
        });
        return new ClaudeUsageLog(merge.Files, merge.Kept);
    }

    /// <summary>Entries deduplicated across files, files in path order (daily, weekly, monthly, session).</summary>
    public List<UsageEntry> InPathOrder() => _merged ?? Merge(_files);

    /// <summary>
    /// Entries for blocks: files ordered by their earliest timestamp (then path), deduplicated, then sorted by
    /// time (stable), as ccusage does.
    /// </summary>
    public List<UsageEntry> InTimeOrder()
    {
        if (_merged is not null)
        {
            throw new InvalidOperationException("these logs were read for path-order reports only (LoadInPathOrder)");
        }

        var ordered = _files.OrderBy(file => file.EarliestMs).ThenBy(file => file.File.Path, StringComparer.Ordinal).ToList();
        var merged = Merge(ordered);
        return [.. merged.OrderBy(entry => entry.TimestampMs)];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<UsageEntry> Merge(IEnumerable<FileUsage> files)
    {
        var list = files as IReadOnlyCollection<FileUsage> ?? [.. files];
        var capacity = 0;
        foreach (var file in list)
        {
            capacity += file.Entries.Count;
        }

        var kept = new List<UsageEntry>(capacity);
        var keptSpeed = new bool[capacity];
        var index = new KeyIndex(capacity);
        foreach (var file in list)
        {
            foreach (var entry in file.Entries)
            {
                if (entry.Key.IsNone)
                {
                    kept.Add(entry.Entry);
                }
                else if (index.Find(entry.Key) is var at and >= 0)
                {
                    if (entry.Beats(kept[at].Tokens.Total, keptSpeed[at]))
                    {
                        kept[at] = entry.Entry;
                        keptSpeed[at] = entry.HasSpeed;
                    }
                }
                else
                {
                    index.Add(entry.Key, kept.Count);
                    keptSpeed[kept.Count] = entry.HasSpeed;
                    kept.Add(entry.Entry);
                }
            }
        }

        return kept;
    }

    private static List<LogFile> Select(IReadOnlyList<string> dataDirs, UsageQuery query)
    {
        var files = dataDirs.SelectMany(ClaudeDataDirs.Files).Where(file => query.Project is null || file.Project == query.Project);
        if (ParseDay(query.Since) is { } since)
        {
            var cutoff = since.AddDays(-1);
            files = files.Where(file => ModifiedSince(file.Path, cutoff));
        }

        return files.ToList();
    }

    private static DateTime? ParseDay(string? day) =>
        day is not null && DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static bool ModifiedSince(string path, DateTime cutoffUtc)
    {
        try
        {
            return File.GetLastWriteTimeUtc(path) >= cutoffUtc;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
