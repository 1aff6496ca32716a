using System.Text;
using System.Text.RegularExpressions;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Planning;

/// <summary>Selects tasks by id glob (<c>*</c>, <c>?</c>, <c>[abc]</c>; several globs separated by commas) and pulls in their dependencies.</summary>
public static class TaskFilter
{
    public static IReadOnlyList<TaskDefinition> Select(IReadOnlyList<TaskDefinition> tasks, string pattern, ProblemList problems)
    {
        List<Regex> globs;
        try
        {
            globs = [.. pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ToRegex)];
        }
        catch (RegexParseException)
        {
            // Brackets pass through to the regex, so an unclosed [ is the user's typo, not a crash.
            problems.Add("--filter", "", $"\"{pattern}\" is not a valid id pattern", "close every [ with ]; * matches any run of characters, ? one character");
            return [];
        }

        var byId = tasks.ToDictionary(task => task.Id, StringComparer.Ordinal);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<TaskDefinition>(tasks.Where(task => globs.Any(glob => glob.IsMatch(task.Id))));
        if (queue.Count == 0)
        {
            problems.Add("--filter", "", $"\"{pattern}\" matches no task id", "check the pattern; * matches any run of characters");
            return [];
        }

        while (queue.Count > 0)
        {
            var task = queue.Dequeue();
            if (!selected.Add(task.Id))
            {
                continue;
            }

            foreach (var dependency in task.DependsOn)
            {
                if (byId.TryGetValue(dependency, out var required))
                {
                    queue.Enqueue(required);
                }
                else
                {
                    problems.Add("--filter", "", $"task \"{task.Id}\" needs \"{dependency}\", which is not in the task files", "add the missing task or widen the task files");
                }
            }
        }

        return [.. tasks.Where(task => selected.Contains(task.Id))];
    }

    public static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        foreach (var character in glob)
        {
            pattern.Append(character switch
            {
                '*' => ".*",
                '?' => ".",
                '[' => "[",
                ']' => "]",
                _ => Regex.Escape(character.ToString()),
            });
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
