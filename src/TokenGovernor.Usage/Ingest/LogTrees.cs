using System.Buffers.Binary;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Codex;

namespace TokenGovernor.Usage.Ingest;

/// <summary>
/// The log trees <c>measure</c> looks at — each Claude Code data folder's <c>projects</c> and each Codex <c>sessions</c>
/// folder — checked against their saved indexes (<see cref="LogTreeScan"/>), so that over unchanged logs nothing is
/// listed and nothing is read: one status call per folder and per file. A tree the index cannot model is listed in full,
/// as without an index. An index entry claims "taken in up to this length and time" only for a file whose position says
/// the same, and it is saved in the same transaction as the positions.
/// </summary>
public sealed class LogTrees
{
    /// <summary>How old a folder's time must be to be trusted: file systems stamp times with a coarse clock (up to seconds).</summary>
    private static readonly TimeSpan TrustAfter = TimeSpan.FromSeconds(10);

    private readonly List<Tree> _trees;
    private readonly Dictionary<string, byte[]> _saved;

    private LogTrees(List<Tree> trees, Dictionary<string, byte[]> saved)
    {
        _trees = trees;
        _saved = saved;
    }

    /// <summary>False when some tree had to be listed in full: then every stored position may be needed.</summary>
    public bool AllIndexed => _trees.All(tree => tree.Scan.Indexed);

    /// <summary>The files seen in the trees, when all are indexed (else the reader counts them as it lists).</summary>
    public int FilesSeen => _trees.Sum(tree => tree.Scan.FilesSeen);

    /// <summary>
    /// Every tree indexed, no file to read, and no index to save: nothing changed since the last <c>measure</c>, which
    /// is known without any stored position.
    /// </summary>
    public bool Unchanged => AllIndexed && PathsToRead.Count == 0 && Index(null).Count == 0;

    /// <summary>The files of indexed trees that are to be read: their stored positions are needed.</summary>
    public IReadOnlyList<string> PathsToRead => [.. _trees.Where(tree => tree.Scan.Indexed).SelectMany(tree => tree.Scan.Pending).Select(file => file.Path)];

    /// <summary>Scans the Claude Code data folders (those holding <c>projects</c>) and the Codex <c>sessions</c> folders.</summary>
    public static LogTrees Scan(IReadOnlyList<string> claudeDataDirs, IReadOnlyList<string> codexSessionsDirs, IReadOnlyList<LogTreeBlob> saved, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claudeDataDirs);
        ArgumentNullException.ThrowIfNull(codexSessionsDirs);
        ArgumentNullException.ThrowIfNull(saved);
        var savedByRoot = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var blob in saved)
        {
            if (blob.Entries is not null)
            {
                savedByRoot[Key(blob.Agent, blob.Root)] = blob.Entries;
            }
        }

        var trustedBefore = (now - TrustAfter).UtcTicks;
        var trees = new List<Tree>();
        foreach (var dataDir in claudeDataDirs)
        {
            trees.Add(Start("claude", dataDir, Path.Combine(dataDir, "projects")));
        }

        foreach (var sessions in codexSessionsDirs)
        {
            trees.Add(Start("codex", sessions, sessions));
        }

        return new LogTrees(trees, savedByRoot);

        Tree Start(string agent, string dir, string folder)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            return new Tree(agent, dir, LogTreeScan.Run(root, agent == "claude", savedByRoot.GetValueOrDefault(Key(agent, root)), trustedBefore));
        }
    }

    /// <summary>Reads every tree's changed files into <paramref name="reader"/>: Claude Code's trees first, in path order.</summary>
    public void Read(LogIngestReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var tree in _trees)
        {
            if (!tree.Scan.Indexed)
            {
                if (tree.Agent == "claude")
                {
                    reader.ReadClaude([tree.Dir]);
                }
                else
                {
                    reader.ReadCodex([tree.Dir]);
                }

                continue;
            }

            reader.Skipped(tree.Scan.FilesSeen);
            foreach (var file in tree.Scan.Pending)
            {
                if (tree.Agent == "claude")
                {
                    reader.ReadClaudeFile(new LogFile(file.Path, file.Relative));
                }
                else
                {
                    reader.ReadCodexFile(new CodexFile(file.Path, CodexSessionId(file.Relative)));
                }
            }
        }
    }

    /// <summary>
    /// The indexes to save after <paramref name="reader"/> read the trees: each read file gets the length and time of its
    /// position (a file not read stays at -1, to be read next time); a tree listed in full loses its index. Only indexes
    /// that differ from the saved ones are returned.
    /// </summary>
    public IReadOnlyList<LogTreeBlob> Index(LogIngestReader? reader)
    {
        var changes = new List<LogTreeBlob>();
        foreach (var tree in _trees)
        {
            var key = Key(tree.Agent, tree.Scan.Root);
            if (!tree.Scan.Indexed)
            {
                if (_saved.ContainsKey(key))
                {
                    changes.Add(new LogTreeBlob(tree.Agent, tree.Scan.Root, null));
                }

                continue;
            }

            var blob = tree.Scan.Blob;
            foreach (var file in tree.Scan.Pending)
            {
                if (reader?.PositionOf(file.Path) is { } position)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(file.NumbersAt), position.Length);
                    BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(file.NumbersAt + 8), position.ModifiedTicks);
                }
            }

            if (!_saved.TryGetValue(key, out var saved) || !saved.AsSpan().SequenceEqual(blob))
            {
                changes.Add(new LogTreeBlob(tree.Agent, tree.Scan.Root, blob));
            }
        }

        return changes;
    }

    private static string Key(string agent, string root) => agent + "\n" + root;

    /// <summary>As Codex's reports name a session: the path under <c>sessions</c> without <c>.jsonl</c>.</summary>
    private static string CodexSessionId(string relative) =>
        relative.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? relative[..^".jsonl".Length] : relative;

    private sealed record Tree(string Agent, string Dir, LogTreeScan Scan);
}

/// <summary>A log tree's saved index: agent (<c>claude</c> or <c>codex</c>), the tree's folder, and the index (null: none).</summary>
public sealed record LogTreeBlob(string Agent, string Root, byte[]? Entries);
