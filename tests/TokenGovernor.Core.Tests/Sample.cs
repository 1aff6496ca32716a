using System.Text;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests;

/// <summary>Task files from JSON text and tasks built in code, so each test states only what it is about.</summary>
internal static class Sample
{
    public static TaskFile? Parse(string json, ProblemList problems, string file = "a.json") =>
        TaskFileParser.Parse(file, Encoding.UTF8.GetBytes(json), problems);

    /// <summary>Parses a file that must have no problems.</summary>
    public static TaskFile ParseClean(string json, string file = "a.json")
    {
        var problems = new ProblemList();
        var parsed = Parse(json, problems, file);
        Assert.Empty(problems);
        Assert.NotNull(parsed);
        return parsed;
    }

    /// <summary>The problems of one file.</summary>
    public static ProblemList ProblemsOf(string json, string file = "a.json")
    {
        var problems = new ProblemList();
        Parse(json, problems, file);
        return problems;
    }

    /// <summary>A file whose <c>tasks</c> array holds the given task objects, written as JSON.</summary>
    public static string FileWith(params string[] tasks) => $$"""{"tasks": [{{string.Join(", ", tasks)}}]}""";

    /// <summary>A task object with every required field, plus <paramref name="extra"/> fields.</summary>
    public static string TaskJson(string id, string extra = "") =>
        $$"""{"id": "{{id}}", "repo": "./api", "priority": 1, "title": "Title of {{id}}", "prompt": "Do {{id}}"{{(extra.Length == 0 ? "" : ", " + extra)}}}""";

    public static TaskDefinition Task(string id, int priority = 1, params string[] dependsOn) => new()
    {
        Id = id,
        Repo = "./repo",
        Priority = priority,
        Title = $"Title of {id}",
        Prompt = $"Do {id}",
        DependsOn = dependsOn,
        SourceFile = "tasks.json",
    };

    public static IEnumerable<string> Ids(IEnumerable<TaskDefinition> tasks) => tasks.Select(task => task.Id);
}
