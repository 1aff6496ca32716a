using System.Text.RegularExpressions;

namespace TokenGovernor.Core.Governance;

/// <summary>
/// A difficulty score read from a prompt alone: longer prompts, more files named and words that signal broad
/// work score higher; words that signal small edits score lower. Crude on purpose: history replaces it soon.
/// </summary>
public static partial class PromptShape
{
    private static readonly string[] Broad =
    [
        "refactor", "migrate", "rewrite", "redesign", "implement", "architecture", "integrate", "across",
        "entire", "end-to-end", "performance", "concurrency", "security",
    ];

    private static readonly string[] Small = ["typo", "rename", "comment", "readme", "bump", "format", "wording"];

    [GeneratedRegex(@"[\w.-]+/[\w./-]+|\b[\w-]+\.(cs|go|py|ts|tsx|js|rs|java|kt|rb|md|json|ya?ml|sql|sh)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FileLike();

    [GeneratedRegex(@"[a-z][a-z-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public static long Score(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return 1;
        }

        var words = Word().Matches(prompt.ToLowerInvariant()).Select(match => match.Value).ToList();
        var files = FileLike().Matches(prompt).Select(match => match.Value).Distinct(StringComparer.Ordinal).Count();
        var broad = words.Count(Broad.Contains);
        var small = words.Count(Small.Contains);
        return Math.Max(1, 1 + (words.Count / 25) + files + (3 * broad) - small);
    }
}
