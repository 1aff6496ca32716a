using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Cli.Tests.Infrastructure;

/// <summary>A throwaway working folder with repositories and task files, removed afterwards.</summary>
public sealed class Sandbox : IDisposable
{
    public Sandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "token-gov-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(ReposDir);
    }

    public string Root { get; }

    public string ReposDir => Path.Combine(Root, "repos");

    public string StateDir => Path.Combine(Root, ".token-gov");

    /// <summary>Creates <c>repos/owner/name</c> and returns its path.</summary>
    public string Repo(string name)
    {
        var path = Path.Combine(ReposDir, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public string WriteFile(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes a script-runner task file; each task is (id, repo, prompt, depends_on...).</summary>
    public string TaskFile(string name, params (string Id, string Repo, string Prompt, string[] DependsOn)[] tasks)
    {
        var array = new JsonArray();
        foreach (var (id, repo, prompt, dependsOn) in tasks)
        {
            Repo(repo);
            array.Add(new JsonObject
            {
                ["id"] = id,
                ["repo"] = repo,
                ["priority"] = 1,
                ["title"] = $"Task {id}",
                ["prompt"] = prompt,
                ["depends_on"] = new JsonArray([.. dependsOn.Select(dependency => (JsonNode)dependency!)]),
            });
        }

        var file = new JsonObject { ["default_runner"] = "script", ["tasks"] = array };
        return WriteFile(name, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public Task<CliResult> RunAsync(params string[] args) => TokenGov.RunAsync(Root, args);

    /// <summary>The latest run's report.json.</summary>
    public JsonNode LatestReport()
    {
        var runs = new DirectoryInfo(Path.Combine(StateDir, "runs")).GetDirectories().OrderBy(dir => dir.Name).ToList();
        Assert.NotEmpty(runs);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(runs[^1].FullName, "report.json")))!;
    }

    public static JsonNode Task(JsonNode report, string id) =>
        report["tasks"]!.AsArray().Single(task => (string?)task!["id"] == id)!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Builds a task tuple tersely: <c>T("b", "repo", "true", "a")</c>.</summary>
public static class Tasks
{
    public static (string Id, string Repo, string Prompt, string[] DependsOn) T(string id, string repo, string prompt, params string[] dependsOn) =>
        (id, repo, prompt, dependsOn);
}
