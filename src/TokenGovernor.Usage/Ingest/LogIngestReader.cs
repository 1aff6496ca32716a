using System.Globalization;
using TokenGovernor.Core.Pricing;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Codex;
using TokenGovernor.Usage.Tail;

namespace TokenGovernor.Usage.Ingest;

/// <summary>
/// Reads what Claude Code and Codex logs grew by since the positions given (one stat per unchanged file), as calls
/// with stable ids: Claude Code's message id + request id, or for Codex the session file, time and running total.
/// Files come either from a full listing (<see cref="ReadClaude"/>, <see cref="ReadCodex"/>) or from a tree's index (<see cref="LogTrees"/>).
/// </summary>
public sealed class LogIngestReader(IReadOnlyDictionary<string, (TailPosition Position, string? State)> known, Func<PriceTable> prices)
{
    private readonly LogTail _tail = new(known.ToDictionary(pair => pair.Key, pair => pair.Value.Position, StringComparer.Ordinal));
    private PriceTable? _prices;
    private ClaudeFileReader? _claude;

    public int FilesSeen { get; private set; }

    public List<ReadFile> Changed { get; } = [];

    public List<LoggedCall> Calls { get; } = [];

    /// <summary>The price table, loaded when the first call is costed (nothing to cost over unchanged logs).</summary>
    private PriceTable Prices => _prices ??= prices();

    /// <summary>Lists every Claude Code log under the data folders and reads those whose length or time differ from their position.</summary>
    public void ReadClaude(IReadOnlyList<string> dataDirs)
    {
        foreach (var file in dataDirs.SelectMany(dir => ClaudeDataDirs.Files(dir, withStatus: true)))
        {
            FilesSeen++;
            if (!Unchanged(file))
            {
                ReadClaudeFile(file);
            }
        }
    }

    /// <summary>Lists every Codex session file under the folders and reads what each grew by.</summary>
    public void ReadCodex(IReadOnlyList<string> sessionsDirs)
    {
        foreach (var file in sessionsDirs.SelectMany(CodexDataDirs.Files))
        {
            FilesSeen++;
            ReadCodexFile(file);
        }
    }

    /// <summary>Counts files found unchanged without reading them (from a tree's index).</summary>
    internal void Skipped(int count) => FilesSeen += count;

    /// <summary>Where the file's content has been taken in up to: its new position if it was read, else its stored one.</summary>
    internal TailPosition? PositionOf(string path) => _tail.Positions.TryGetValue(path, out var position) ? position : null;

    internal void ReadClaudeFile(LogFile file)
    {
        if (Next(file.Path) is not { } read)
        {
            return;
        }

        _claude ??= new ClaudeFileReader(new UsageCost(CostMode.Auto, Prices));
        var usage = new FileUsage(file, keepKeyText: true);
        _claude.Append(usage, read.Lines);
        for (var i = 0; i < usage.Entries.Count; i++)
        {
            var entry = usage.Entries[i].Entry;
            var key = usage.KeyTexts![i];
            var t = entry.Tokens;
            var id = key ?? string.Create(CultureInfo.InvariantCulture, $"{entry.Session.SessionId}:{entry.TimestampMs}:{t.Total}");
            Calls.Add(new LoggedCall("claude:" + id, "claude", entry.Session.SessionId, entry.TimestampMs, entry.Model, t.Input, t.Output, t.CacheCreation, t.CacheRead, 0, entry.Cost));
        }

        Changed.Add(new ReadFile(file.Path, "claude", read.Position, null));
    }

    internal void ReadCodexFile(CodexFile file)
    {
        if (Next(file.Path) is not { } read)
        {
            return;
        }

        var state = read.Restarted || !known.TryGetValue(file.Path, out var before) ? new CodexFileState() : CodexStateText.Parse(before.State);
        var entries = new List<CodexEntry>();
        CodexFileReader.ReadLines(read.Lines, file, state, entries);
        var session = SessionOf(file.SessionId);
        foreach (var entry in entries)
        {
            var cost = CodexReports.Cost(entry.Input, entry.Cached, entry.Output, Prices, entry.Model);
            var id = string.Create(CultureInfo.InvariantCulture, $"codex:{file.SessionId}:{entry.Timestamp}:{entry.Input}:{entry.Output}");
            Calls.Add(new LoggedCall(id, "codex", session, entry.TimestampMs, entry.Model, entry.Input - entry.Cached, entry.Output, 0, entry.Cached, entry.Reasoning, cost));
        }

        Changed.Add(new ReadFile(file.Path, "codex", read.Position, CodexStateText.Format(state)));
    }

    /// <summary>Length and time from the listing equal to those stored: nothing to read, and no further look at the file.</summary>
    private bool Unchanged(LogFile file) =>
        file.Length >= 0 && known.TryGetValue(file.Path, out var stored)
        && stored.Position.Length == file.Length && stored.Position.ModifiedTicks == file.ModifiedTicks;

    private TailRead? Next(string path)
    {
        try
        {
            var read = _tail.Read(path);
            return read.Lines.Length > 0 || read.Restarted || !known.ContainsKey(path) || read.Position != known[path].Position ? read : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Codex names its files <c>rollout-&lt;time&gt;-&lt;session uuid&gt;</c>; the uuid is what an agent reports.</summary>
    private static string SessionOf(string sessionId)
    {
        var name = sessionId[(sessionId.LastIndexOf('/') + 1)..];
        return name.Length >= 36 && Guid.TryParse(name[^36..], out _) ? name[^36..] : sessionId;
    }
}
