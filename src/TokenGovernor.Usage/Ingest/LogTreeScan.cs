using System.IO.Enumeration;
using System.Text;

namespace TokenGovernor.Usage.Ingest;

/// <summary>
/// Checks one log tree (a Claude Code <c>projects</c> folder or a Codex <c>sessions</c> folder) against its saved index:
/// one status call per folder and per file, a directory read only for folders whose inode or time changed, and the
/// top-level folders shared between two threads. Finds the files to read (new, grown, replaced or not taken in yet) and
/// writes the next index, in which the numbers of those files are filled in once they are read
/// (<see cref="LogTrees.Index"/>). Anything the index does not model — a link, an unreadable folder, a special file, a
/// file gone while its folder looked unchanged — makes the tree <see cref="Indexed"/> false, and it is listed as before.
/// </summary>
internal sealed class LogTreeScan
{
    private readonly byte[] _root;
    private readonly bool _claude;
    private readonly LogTreeIndex? _saved;
    private readonly long _trustedBefore;
    private int _folder = -1;
    private byte[] _prefix = [];

    private LogTreeScan(string root, bool claude, LogTreeIndex? saved, long trustedBeforeTicks)
    {
        Root = root;
        // Status calls go through the tree's resolved path (a link on the way is not resolved again for every file);
        // the paths reported and stored stay as the tree was named.
        _root = FileStatus.Available ? FileStatus.RealPath(root) ?? Encoding.UTF8.GetBytes(root) : Encoding.UTF8.GetBytes(root);
        _claude = claude;
        _saved = saved;
        _trustedBefore = trustedBeforeTicks;
    }

    public string Root { get; }

    public bool Indexed { get; private set; }

    public int FilesSeen { get; private set; }

    /// <summary>Files to read, in path order, each with where its numbers are in <see cref="Blob"/>.</summary>
    public List<PendingFile> Pending { get; } = [];

    /// <summary>The next index, with length -1 for every pending file until it is read.</summary>
    public byte[] Blob { get; private set; } = [];

    /// <summary>
    /// Scans <paramref name="root"/> (full path). Folder times at or after <paramref name="trustedBeforeTicks"/> are kept
    /// as 0 (not trusted): an entry added within the file system's time granularity after the listing would leave a
    /// folder's time unchanged, so a recent folder is read again next time.
    /// </summary>
    public static LogTreeScan Run(string root, bool claude, byte[]? saved, long trustedBeforeTicks)
    {
        var scan = new LogTreeScan(root, claude, LogTreeIndex.Parse(saved), trustedBeforeTicks);
        try
        {
            scan.Indexed = FileStatus.Available && scan.Walk();
        }
        catch (Exception error) when (error is NotIndexedException or IOException or UnauthorizedAccessException)
        {
            scan.Indexed = false;
        }
        finally
        {
            FileStatus.CloseFolder(scan._folder);
        }

        return scan;
    }

    private bool Walk()
    {
        // Status calls are made relative to the tree's folder when it can be opened, else by full path.
        _folder = FileStatus.OpenFolder(_root);
        _prefix = _folder >= 0 ? [] : _root;
        var top = new Part(this);
        if (!top.Visit("", follow: true, out var subfolders))
        {
            return false;
        }

        // Each top-level subtree is written into its own part, so the index comes out the same whichever thread took it.
        var parts = subfolders.Select(_ => new Part(this)).ToArray();
        var next = -1;
        Exception? failed = null;
        void Work()
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < parts.Length && failed is null; i = Interlocked.Increment(ref next))
                {
                    parts[i].VisitTree(subfolders[i]);
                }
            }
            catch (Exception error) when (error is NotIndexedException or IOException or UnauthorizedAccessException)
            {
                failed = error;
            }
        }

        // A thread of its own rather than the thread pool: nothing else runs, and a pool's worker threads spin while idle.
        var helper = parts.Length > 1 ? new Thread(Work) { IsBackground = true, Name = "log tree scan" } : null;
        helper?.Start();
        Work();
        helper?.Join();
        if (failed is not null)
        {
            return false;
        }

        var writer = new LogTreeIndexWriter();
        writer.Raw(LogTreeIndex.Magic);
        writer.Raw([LogTreeIndex.Version]);
        foreach (var part in parts.Prepend(top))
        {
            var at = writer.Length;
            writer.Raw(part.Writer.Written);
            Pending.AddRange(part.Pending.Select(file => file with { NumbersAt = file.NumbersAt + at }));
            FilesSeen += part.FilesSeen;
        }

        Blob = writer.Written.ToArray();
        Pending.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return true;
    }

    private bool Wanted(string name, bool isFolder) =>
        _claude
            ? !name.StartsWith('.') && (isFolder || name.EndsWith(".jsonl", StringComparison.Ordinal))
            : isFolder || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>One thread's share: a path buffer, a status buffer, and the records and pending files of the folders it visited.</summary>
    private sealed class Part(LogTreeScan scan)
    {
        private readonly FileStatus _status = new();
        private byte[] _path = new byte[1024];

        public LogTreeIndexWriter Writer { get; } = new();

        public List<PendingFile> Pending { get; } = [];

        public int FilesSeen { get; private set; }

        public void VisitTree(string relative)
        {
            var folders = new Stack<string>();
            folders.Push(relative);
            while (folders.TryPop(out var folder))
            {
                if (Visit(folder, follow: false, out var subfolders))
                {
                    for (var i = subfolders.Count - 1; i >= 0; i--)
                    {
                        folders.Push(subfolders[i]);
                    }
                }
            }
        }

        /// <summary>Writes the record of one folder; false when the folder is gone (it was removed since its parent was listed).</summary>
        public bool Visit(string relative, bool follow, out List<string> subfolders)
        {
            subfolders = [];
            var end = SetFolder(relative);
            if (end == 0)
            {
                _path[end++] = (byte)'.';
            }

            _path[end] = 0;
            var error = scan._folder >= 0 ? _status.Get(scan._folder, _path, follow, out var stat) : _status.Get(_path, follow, out stat);
            end = relative.Length == 0 && scan._prefix.Length == 0 ? 0 : end;
            if (error is FileStatus.NoSuchFile or FileStatus.NotAFolder && relative.Length > 0)
            {
                return false;
            }

            if (error != 0 || !stat.IsDirectory)
            {
                throw new NotIndexedException();
            }

            Writer.Name(Encoding.UTF8.GetBytes(relative));
            Writer.UInt64(stat.Inode);
            Writer.Int64(stat.ModifiedTicks < scan._trustedBefore ? stat.ModifiedTicks : 0);
            var saved = scan._saved?.Find(relative);
            if (saved is { ModifiedTicks: not 0 } same && same.ModifiedTicks == stat.ModifiedTicks && same.Inode == stat.Inode)
            {
                Unchanged(relative, end, same, subfolders);
            }
            else
            {
                Changed(relative, end, saved, subfolders);
            }

            return true;
        }

        /// <summary>The folder holds what the index says: each saved file is looked at, and kept when its status is the same.</summary>
        private void Unchanged(string relative, int end, LogTreeIndex.Folder folder, List<string> subfolders)
        {
            var blob = scan._saved!.Blob;
            Writer.Int32(folder.FileCount);
            var at = folder.FilesAt;
            for (var i = 0; i < folder.FileCount; i++)
            {
                var name = LogTreeIndex.Name(blob, ref at);
                var numbers = blob.AsSpan(at, LogTreeIndex.FileNumbersBytes);
                at += LogTreeIndex.FileNumbersBytes;
                var stat = StatFile(end, name) ?? throw new NotIndexedException();
                Writer.Name(name);
                if (Same(numbers, stat))
                {
                    Writer.Raw(numbers);
                }
                else
                {
                    Pend(relative, Encoding.UTF8.GetString(name), stat);
                }

                FilesSeen++;
            }

            Writer.Int32(folder.SubfolderCount);
            at = folder.SubfoldersAt;
            for (var i = 0; i < folder.SubfolderCount; i++)
            {
                var name = LogTreeIndex.Name(blob, ref at);
                Writer.Name(name);
                subfolders.Add(Child(relative, Encoding.UTF8.GetString(name)));
            }
        }

        /// <summary>The folder's entries changed (or it is new): read it, and compare each file with its saved numbers if any.</summary>
        private void Changed(string relative, int end, LogTreeIndex.Folder? folder, List<string> subfolders)
        {
            var path = relative.Length == 0 ? scan.Root : scan.Root + "/" + relative;
            var entries = new FileSystemEnumerable<(string Name, bool IsFolder)>(
                path,
                (ref entry) => (entry.FileName.ToString(), entry.IsDirectory),
                new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false })
                .Where(entry => scan.Wanted(entry.Name, entry.IsFolder))
                .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                .ToList();
            var saved = SavedFiles(folder);
            var files = new List<(string Name, byte[] Bytes, FileStat Stat)>();
            foreach (var (name, isFolder) in entries)
            {
                if (isFolder)
                {
                    continue;
                }

                var bytes = Encoding.UTF8.GetBytes(name);
                if (StatFile(end, bytes) is { } stat)
                {
                    files.Add((name, bytes, stat));
                }
            }

            Writer.Int32(files.Count);
            foreach (var (name, bytes, stat) in files)
            {
                Writer.Name(bytes);
                if (saved.TryGetValue(name, out var numbers) && Same(numbers, stat))
                {
                    Writer.Raw(numbers);
                }
                else
                {
                    Pend(relative, name, stat);
                }

                FilesSeen++;
            }

            var names = entries.Where(entry => entry.IsFolder).Select(entry => entry.Name).ToList();
            Writer.Int32(names.Count);
            foreach (var name in names)
            {
                Writer.Name(Encoding.UTF8.GetBytes(name));
                subfolders.Add(Child(relative, name));
            }
        }

        private Dictionary<string, byte[]> SavedFiles(LogTreeIndex.Folder? folder)
        {
            var saved = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (folder is null)
            {
                return saved;
            }

            var blob = scan._saved!.Blob;
            var at = folder.FilesAt;
            for (var i = 0; i < folder.FileCount; i++)
            {
                var name = Encoding.UTF8.GetString(LogTreeIndex.Name(blob, ref at));
                saved[name] = blob[at..(at + LogTreeIndex.FileNumbersBytes)];
                at += LogTreeIndex.FileNumbersBytes;
            }

            return saved;
        }

        /// <summary>A file to read: written with length -1 until it is read; its inode is the one listed.</summary>
        private void Pend(string relative, string name, FileStat stat)
        {
            var child = Child(relative, name);
            Pending.Add(new PendingFile(scan.Root + "/" + child, child, Writer.Length));
            Writer.Int64(-1);
            Writer.Int64(0);
            Writer.UInt64(stat.Inode);
        }

        /// <summary>The status of a file in the folder at <paramref name="end"/>; null when it is gone. Links and special files are not indexed.</summary>
        private FileStat? StatFile(int end, ReadOnlySpan<byte> name)
        {
            Ensure(end + name.Length + 2);
            var at = end;
            if (at > 0)
            {
                _path[at++] = (byte)'/';
            }

            name.CopyTo(_path.AsSpan(at));
            _path[at + name.Length] = 0;
            var error = scan._folder >= 0 ? _status.Get(scan._folder, _path, follow: false, out var stat) : _status.Get(_path, follow: false, out stat);
            if (error == FileStatus.NoSuchFile)
            {
                return null;
            }

            return error == 0 && stat.IsRegularFile ? stat : throw new NotIndexedException();
        }

        private static bool Same(ReadOnlySpan<byte> numbers, FileStat stat) =>
            System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(numbers) is var length && length >= 0 && length == stat.Length
            && System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(numbers[8..]) == stat.ModifiedTicks
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(numbers[16..]) == stat.Inode;

        private static string Child(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

        /// <summary>
        /// Puts the folder's path as status calls take it (relative to the open tree folder, else full; without a NUL)
        /// at the start of the path buffer; returns its length (0 for the tree's own folder when relative).
        /// </summary>
        private int SetFolder(string relative)
        {
            var prefix = scan._prefix;
            var separator = prefix.Length > 0 && relative.Length > 0 ? 1 : 0;
            var length = prefix.Length + separator + Encoding.UTF8.GetByteCount(relative);
            Ensure(length + 2);
            prefix.CopyTo(_path, 0);
            if (separator > 0)
            {
                _path[prefix.Length] = (byte)'/';
            }

            Encoding.UTF8.GetBytes(relative, _path.AsSpan(prefix.Length + separator));
            return length;
        }

        private void Ensure(int length)
        {
            if (length > _path.Length)
            {
                Array.Resize(ref _path, Math.Max(length, _path.Length * 2));
            }
        }
    }

    /// <summary>The tree holds something the index does not model; it is listed as before.</summary>
    private sealed class NotIndexedException : Exception;
}

/// <summary>A log file to read: full path, path relative to its tree, and where its numbers are in the tree's next index.</summary>
internal sealed record PendingFile(string Path, string Relative, int NumbersAt);
