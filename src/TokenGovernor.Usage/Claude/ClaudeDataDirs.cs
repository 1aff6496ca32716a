using System.IO.Enumeration;
using TokenGovernor.Core;

namespace TokenGovernor.Usage.Claude;

/// <summary>Where Claude Code keeps its logs: the folders holding a <c>projects/</c> folder, and the JSONL files in it.</summary>
public static class ClaudeDataDirs
{
    /// <summary>
    /// <c>CLAUDE_CONFIG_DIR</c> as a comma list when set (no fallback: none valid is an error), else
    /// <c>$XDG_CONFIG_HOME/claude</c> (default <c>~/.config/claude</c>) and <c>~/.claude</c>, whichever exist.
    /// </summary>
    public static IReadOnlyList<string> Find(Func<string, string?> environment)
    {
        var found = new List<string>();
        var configured = (environment("CLAUDE_CONFIG_DIR") ?? "").Trim();
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = configured.Length > 0
            ? configured.Split(',').Select(part => part.Trim()).Where(part => part.Length > 0)
            : [Path.Combine(environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".config"), "claude"), Path.Combine(home, ".claude")];
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            if (Directory.Exists(Path.Combine(full, "projects")) && !found.Contains(full, StringComparer.Ordinal))
            {
                found.Add(full);
            }
        }

        if (found.Count == 0)
        {
            throw new TokenGovException(configured.Length > 0
                ? $"no Claude data folder found in CLAUDE_CONFIG_DIR ({configured}): each folder must hold a 'projects' folder"
                : $"no Claude data folder found: neither {Path.Combine(home, ".config", "claude", "projects")} nor {Path.Combine(home, ".claude", "projects")} exists; set CLAUDE_CONFIG_DIR to the folder holding 'projects'");
        }

        return found;
    }

    /// <summary>
    /// Every <c>*.jsonl</c> under <c>dir/projects</c>, sorted by path (ordinal, as ccusage sorts them). Dot-files and
    /// dot-folders are skipped; symbolic links to folders are followed once.
    /// </summary>
    public static IReadOnlyList<LogFile> Files(string dataDir) => Files(dataDir, withStatus: false);

    /// <summary>
    /// As <see cref="Files(string)"/>; with <paramref name="withStatus"/> each file also has its length and modification
    /// time (<see cref="LogFile.Length"/>, <see cref="LogFile.ModifiedTicks"/>) from the same listing, one status call per
    /// file and no open (files that are links get none: their target is looked at when they are read).
    /// </summary>
    public static IReadOnlyList<LogFile> Files(string dataDir, bool withStatus)
    {
        var projects = Path.Combine(dataDir, "projects");
        var files = FilesInParallel(projects, withStatus) ?? FilesInOrder(projects, withStatus);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static List<LogFile> FilesInOrder(string projects, bool withStatus)
    {
        var walk = new FolderWalk(projects, withStatus, stopAtLinks: false);
        Walk(projects, walk, isLink: true);
        return walk.Files;
    }

    /// <summary>
    /// The project folders listed side by side, each by its own thread. Only while no folder is a symbolic link: a folder
    /// reached through a link is listed once, under the first path met in walk order, which one ordered walk decides
    /// (null then, and the caller lists in order). Without links every folder has one path, and the files are the same.
    /// </summary>
    private static List<LogFile>? FilesInParallel(string projects, bool withStatus)
    {
        var top = new FolderWalk(projects, withStatus, stopAtLinks: true) { ListFoldersOnly = true };
        Walk(projects, top, isLink: true);
        if (top.SawLink || top.Folders.Count < 2 || Environment.ProcessorCount < 2)
        {
            return top.SawLink ? null : FilesInOrder(projects, withStatus);
        }

        var walks = new FolderWalk[top.Folders.Count];
        Parallel.For(0, walks.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            walks[i] = new FolderWalk(projects, withStatus, stopAtLinks: true);
            Walk(top.Folders[i], walks[i], isLink: false);
        });
        if (walks.Any(walk => walk.SawLink))
        {
            return null;
        }

        var files = new List<LogFile>(top.Files.Count + walks.Sum(walk => walk.Files.Count));
        files.AddRange(top.Files);
        foreach (var walk in walks)
        {
            files.AddRange(walk.Files);
        }

        return files;
    }

    private static void Walk(string folder, FolderWalk walk, bool isLink)
    {
        // A folder reached through a symbolic link is known by its target, so a loop of links ends; any other folder by its path.
        var real = isLink ? new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder : folder;
        if (!walk.Visited.Add(real))
        {
            return;
        }

        List<(string Name, string FullPath, bool IsDirectory, bool IsLink, long Length, long ModifiedTicks)> entries;
        try
        {
            // One directory read gives names and kinds; only folders cost a further look-up (whether they are links).
            // A file that is a dangling link is listed here and skipped when it cannot be opened.
            entries = [.. new FileSystemEnumerable<(string, string, bool, bool, long, long)>(
                folder,
                (ref entry) => Describe(ref entry, walk.WithStatus),
                new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true, ReturnSpecialDirectories = false })
            {
                ShouldIncludePredicate = (ref entry) => !entry.FileName.StartsWith('.'),
            }];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var (name, fullPath, isDirectory, link, length, modifiedTicks) in entries)
        {
            if (isDirectory)
            {
                if (link && walk.StopAtLinks)
                {
                    walk.SawLink = true;
                    return;
                }

                if (walk.ListFoldersOnly)
                {
                    walk.Folders.Add(fullPath);
                }
                else
                {
                    Walk(fullPath, walk, link);
                }
            }
            else if (name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                var projects = walk.Projects;
                var relative = fullPath.Length > projects.Length + 1 && fullPath.StartsWith(projects, StringComparison.Ordinal) && fullPath[projects.Length] == '/'
                    ? fullPath[(projects.Length + 1)..]
                    : Path.GetRelativePath(projects, fullPath);
                walk.Files.Add(new LogFile(fullPath, relative) { Length = length, ModifiedTicks = modifiedTicks });
            }
        }
    }

    private static (string, string, bool, bool, long, long) Describe(ref FileSystemEntry entry, bool withStatus)
    {
        var isDirectory = entry.IsDirectory;
        var name = entry.FileName.ToString();
        var fullPath = entry.ToFullPath();
        if (isDirectory)
        {
            return (name, fullPath, true, (entry.Attributes & FileAttributes.ReparsePoint) != 0, -1, 0);
        }

        if (!withStatus || !name.EndsWith(".jsonl", StringComparison.Ordinal) || (entry.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            return (name, fullPath, false, false, -1, 0);
        }

        return (name, fullPath, false, false, entry.Length, entry.LastWriteTimeUtc.UtcDateTime.Ticks);
    }
}

/// <summary>What one walk of folders gathers, and how it walks.</summary>
internal sealed class FolderWalk(string projects, bool withStatus, bool stopAtLinks)
{
    public string Projects { get; } = projects;

    public bool WithStatus { get; } = withStatus;

    /// <summary>Stop at a folder that is a symbolic link (noted in <see cref="SawLink"/>).</summary>
    public bool StopAtLinks { get; } = stopAtLinks;

    /// <summary>Lists the first folder's files and notes its sub-folders in <see cref="Folders"/> instead of walking them.</summary>
    public bool ListFoldersOnly { get; init; }

    public HashSet<string> Visited { get; } = new(StringComparer.Ordinal);

    public List<LogFile> Files { get; } = [];

    public List<string> Folders { get; } = [];

    /// <summary>A folder that is a symbolic link was met, and the walk stopped there.</summary>
    public bool SawLink { get; set; }
}

/// <summary>One log file: its full path and its path relative to the <c>projects</c> folder it was found in.</summary>
public sealed record LogFile(string Path, string RelativePath)
{
    /// <summary>The length when it was listed, or -1 when the listing did not look (see <see cref="ClaudeDataDirs.Files(string, bool)"/>).</summary>
    public long Length { get; init; } = -1;

    /// <summary>The modification time (UTC ticks) when it was listed, when <see cref="Length"/> is known.</summary>
    public long ModifiedTicks { get; init; }

    /// <summary>The project: the first path segment under <c>projects/</c>.</summary>
    public string Project
    {
        get
        {
            var slash = RelativePath.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 ? RelativePath[..slash] : RelativePath;
        }
    }
}
