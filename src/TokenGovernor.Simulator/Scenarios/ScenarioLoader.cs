using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Scenarios;

/// <summary>Reads a JSON scenario file (see docs/simulator.md); every error names the file, line and field.</summary>
public static partial class ScenarioLoader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static ScenarioSet LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot read the scenario file: {error.Message}", error);
        }

        return Parse(bytes, path);
    }

    public static ScenarioSet Parse(string json, string source = "<scenario>") => Parse(System.Text.Encoding.UTF8.GetBytes(json), source);

    public static ScenarioSet Parse(byte[] utf8, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: Options);
        }
        catch (JsonException error)
        {
            throw new ScenarioException($"{source}:{(error.LineNumber ?? 0) + 1}: not valid JSON: {FirstSentence(error.Message)}", error);
        }

        var reader = new Reader(source, JsonLineMap.Build(utf8));
        return reader.ReadSet(root);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
