namespace TokenGovernor.Usage.Codex;

/// <summary>Where Codex keeps its logs: <c>CODEX_HOME</c> (a comma list; default <c>~/.codex</c>), each with <c>sessions/**/*.jsonl</c>.</summary>
public static class CodexDataDirs
{
    /// <summary>The <c>sessions</c> folders that exist.</summary>
    public static IReadOnlyList<string> Find(Func<string, string?> environment)
    {
        var home = environment("CODEX_HOME");
        var roots = string.IsNullOrWhiteSpace(home)
            ? [Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex")]
            : home.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath);
        return [.. roots.Select(root => Path.Combine(root, "sessions")).Where(Directory.Exists).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every session file under <paramref name="sessionsDir"/>, in path order, with its session id (the path without <c>.jsonl</c>).</summary>
    public static IReadOnlyList<CodexFile> Files(string sessionsDir)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true, AttributesToSkip = 0 };
        return
        [
            .. Directory.EnumerateFiles(sessionsDir, "*.jsonl", options)
                .Select(path => new CodexFile(path, SessionId(Path.GetRelativePath(sessionsDir, path))))
                .OrderBy(file => file.Path, StringComparer.Ordinal),
        ];
    }

    private static string SessionId(string relative)
    {
        var id = relative.Replace(Path.DirectorySeparatorChar, '/');
        return id.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? id[..^".jsonl".Length] : id;
    }
}

/// <summary>A Codex session file and its session id.</summary>
public sealed record CodexFile(string Path, string SessionId);
