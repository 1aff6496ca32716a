using Microsoft.Extensions.FileSystemGlobbing;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Engine.Loading;

/// <summary>Turns <c>--tasks</c> values (files, comma lists, globs) and positional files into task file paths.</summary>
public static class TaskFileLocator
{
    public const string DefaultTaskFile = "token-gov.json";

    public static IReadOnlyList<string> Locate(IEnumerable<string> specs, string workingDirectory, ProblemList problems)
    {
        var files = new List<string>();
        var given = specs.SelectMany(spec => spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (given.Count == 0)
        {
            var fallback = Path.Combine(workingDirectory, DefaultTaskFile);
            if (File.Exists(fallback))
            {
                return [fallback];
            }

            problems.Add("--tasks", "", "no task files given", $"pass --tasks FILE (a file, a comma list or a glob) or create {DefaultTaskFile}");
            return files;
        }

        foreach (var spec in given)
        {
            if (spec.IndexOfAny(['*', '?', '[']) < 0)
            {
                var path = Path.GetFullPath(spec, workingDirectory);
                if (File.Exists(path))
                {
                    Add(files, path);
                }
                else
                {
                    problems.Add(spec, "", Directory.Exists(path) ? "is a folder, not a task file" : "task file not found", "check the path");
                }

                continue;
            }

            var matches = Glob(spec, workingDirectory);
            if (matches.Count == 0)
            {
                problems.Add(spec, "", "matches no task file", "check the pattern; quote it so the shell does not expand it");
            }

            foreach (var match in matches)
            {
                Add(files, match);
            }
        }

        return files;
    }

    private static List<string> Glob(string pattern, string workingDirectory)
    {
        // Split off the literal leading folders so that absolute patterns and ../ work.
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(workingDirectory, pattern);
        var parts = full.Split('/');
        var literal = parts.TakeWhile(part => part.IndexOfAny(['*', '?', '[']) < 0).Count();
        var root = string.Join('/', parts.Take(literal));
        if (root.Length == 0)
        {
            root = "/";
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', parts.Skip(literal)));
        return Directory.Exists(root)
            ? [.. matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal)]
            : [];
    }

    private static void Add(List<string> files, string path)
    {
        if (!files.Contains(path))
        {
            files.Add(path);
        }
    }
}
