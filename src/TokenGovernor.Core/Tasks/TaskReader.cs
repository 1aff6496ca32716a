using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenGovernor.Core.Tasks;

/// <summary>Reads one element of a task file's <c>tasks</c> array.</summary>
internal static partial class TaskReader
{
    public static readonly string[] Difficulties = ["simple", "medium", "complex"];

    private static readonly string[] Fields =
    [
        "id", "repo", "priority", "title", "prompt", "depends_on", "runner", "fallbacks", "difficulty", "score",
        "project", "package", "budget", "estimate",
    ];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    public static TaskDefinition? Read(FieldReader reader, JsonElement element, int index, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Problem(path, $"must be a task object, not {TaskFileParser.Describe(element)}");
            return null;
        }

        reader.RejectUnknown(element, path, Fields);
        var id = reader.String(element, path, "id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            reader.Problem($"{path}.id", $"\"{id}\" is not a usable task id", "use letters, digits, '.', '_' and '-', starting with a letter or digit");
            id = null;
        }

        var repo = reader.String(element, path, "repo", required: true);
        var priority = reader.Integer(element, path, "priority", required: true, min: 0);
        var title = reader.String(element, path, "title", required: true);
        var prompt = reader.String(element, path, "prompt", required: true);
        var difficulty = reader.String(element, path, "difficulty");
        if (difficulty is not null && !Difficulties.Contains(difficulty))
        {
            reader.Problem($"{path}.difficulty", $"\"{difficulty}\" is not a difficulty", "use simple, medium or complex");
        }

        var task = new TaskDefinition
        {
            Id = id ?? "",
            Repo = repo ?? "",
            Priority = (int)Math.Min(priority ?? 0, int.MaxValue),
            Title = title ?? "",
            Prompt = prompt ?? "",
            DependsOn = reader.StringList(element, path, "depends_on", allowSingle: true) ?? [],
            Runner = reader.String(element, path, "runner"),
            Fallbacks = reader.StringList(element, path, "fallbacks", allowSingle: true),
            Difficulty = difficulty,
            Score = reader.Number(element, path, "score"),
            Project = reader.String(element, path, "project"),
            Package = reader.String(element, path, "package"),
            Budget = BudgetReader.Read(reader, element, path),
            Estimate = reader.Integer(element, path, "estimate", min: 0),
            SourceFile = reader.File,
            Index = index,
        };

        // A task with an id stays in the set even when other fields are wrong: its problems are already
        // reported, and dependency and cycle checks stay accurate for the tasks around it.
        return id is null ? null : task;
    }
}

/// <summary>Reads a budget: a number of tokens, or <c>{"tokens": N, "usd": X, "window": "5h"}</c>.</summary>
internal static partial class BudgetReader
{
    [GeneratedRegex("^(total|daily|weekly|monthly|[1-9][0-9]*h)$")]
    private static partial Regex WindowPattern();

    public static BudgetSpec? Read(FieldReader reader, JsonElement parent, string path)
    {
        if (!reader.Get(parent, path, "budget", false, "", out var value))
        {
            return null;
        }

        var at = $"{path}.budget";
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var tokens) && tokens > 0)
            {
                return new BudgetSpec(tokens, null, null);
            }

            reader.Problem(at, $"must be a positive whole number of tokens, not {value.GetRawText()}");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            reader.Problem(at, $"must be a number of tokens or {{\"tokens\": N, \"usd\": X, \"window\": \"5h\"}}, not {TaskFileParser.Describe(value)}");
            return null;
        }

        reader.RejectUnknown(value, at, ["tokens", "usd", "window"]);
        var tokenLimit = reader.Integer(value, at, "tokens", min: 1);
        decimal? usd = null;
        if (reader.Get(value, at, "usd", false, "", out var usdValue))
        {
            if (usdValue.ValueKind == JsonValueKind.Number && usdValue.TryGetDecimal(out var amount) && amount > 0)
            {
                usd = amount;
            }
            else
            {
                reader.Problem($"{at}.usd", $"must be a positive number of dollars, not {TaskFileParser.Describe(usdValue)}");
            }
        }

        var window = reader.String(value, at, "window");
        if (window is not null && !WindowPattern().IsMatch(window))
        {
            reader.Problem($"{at}.window", $"\"{window}\" is not a budget window", "use total, daily, weekly, monthly or a number of hours like 5h");
        }

        if (tokenLimit is null && usd is null)
        {
            reader.Problem(at, "names no limit", "give \"tokens\", \"usd\" or both");
            return null;
        }

        return new BudgetSpec(tokenLimit, usd, window);
    }

    public static string Format(BudgetSpec budget)
    {
        var parts = new List<string>();
        if (budget.Tokens is { } tokens)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tokens} tokens"));
        }

        if (budget.Usd is { } usd)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"${usd}"));
        }

        var window = budget.Window switch
        {
            null => "",
            "total" => " in total",
            "daily" => " per day",
            "weekly" => " per week",
            "monthly" => " per month",
            var hours => $" per {hours}",
        };
        return string.Join(" / ", parts) + window;
    }
}

/// <summary>Reads a named runner profile.</summary>
internal static class RunnerProfileReader
{
    private static readonly string[] Fields = ["type", "model", "env", "free", "tier", "fallback_only", "max_concurrent"];

    public static RunnerProfile? Read(FieldReader reader, string name, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Problem(path, $"must be a runner profile object like {{\"type\": \"codex\"}}, not {TaskFileParser.Describe(element)}");
            return null;
        }

        reader.RejectUnknown(element, path, Fields);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.Get(element, path, "env", false, "", out var envElement))
        {
            if (envElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var variable in envElement.EnumerateObject())
                {
                    if (variable.Value.ValueKind == JsonValueKind.String)
                    {
                        env[variable.Name] = variable.Value.GetString()!;
                    }
                    else
                    {
                        reader.Problem($"{path}.env.{variable.Name}", $"must be a string (a value, or env:NAME to read it from the environment), not {TaskFileParser.Describe(variable.Value)}");
                    }
                }
            }
            else
            {
                reader.Problem($"{path}.env", $"must be an object of variable names to values, not {TaskFileParser.Describe(envElement)}");
            }
        }

        var tier = reader.Integer(element, path, "tier", min: 1);
        if (tier > 3)
        {
            reader.Problem($"{path}.tier", $"must be 1, 2 or 3, not {tier}");
        }

        var type = reader.String(element, path, "type", required: true);
        return type is null
            ? null
            : new RunnerProfile
            {
                Name = name,
                Type = type,
                Model = reader.String(element, path, "model"),
                Env = env,
                Free = reader.Bool(element, path, "free") ?? false,
                Tier = (int?)tier,
                FallbackOnly = reader.Bool(element, path, "fallback_only") ?? false,
                MaxConcurrent = (int?)reader.Integer(element, path, "max_concurrent", min: 1),
                SourceFile = reader.File,
            };
    }
}
