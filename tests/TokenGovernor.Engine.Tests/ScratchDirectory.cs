using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Engine.Tests;

/// <summary>A fresh temporary folder for one test, deleted afterwards.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "token-gov-engine-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var path = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Creates a folder (with its parents) and returns its full path.</summary>
    public string Folder(string relative)
    {
        var path = File(relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a task file from a JSON object literal and returns its full path.</summary>
    public string TaskFile(string relative, JsonObject file) =>
        Write(relative, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>A task object as a task file holds it.</summary>
    public static JsonObject Task(string id, string repo, string prompt = "true", params string[] dependsOn) => new()
    {
        ["id"] = id,
        ["repo"] = repo,
        ["priority"] = 1,
        ["title"] = $"Task {id}",
        ["prompt"] = prompt,
        ["depends_on"] = new JsonArray([.. dependsOn.Select(dependency => (JsonNode)dependency!)]),
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
