using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator.Apis;

/// <summary>
/// Maps a scenario's generic actions onto the tool the client actually offered, using that tool's own property
/// names, and finds the working directory the client announced in its prompt.
/// </summary>
internal static partial class ToolMapper
{
    private static readonly string[] WriteTools = ["Write", "write_file", "write", "WriteFile", "create_file"];
    private static readonly string[] ShellTools = ["Bash", "run_shell_command", "bash", "exec_command", "shell", "shell_command"];
    private static readonly string[] PathProperties = ["file_path", "filePath", "path", "absolute_path"];
    private static readonly string[] CommandProperties = ["command", "cmd"];

    /// <summary>The tool call for <paramref name="spec"/>, or an explanation of why none of the offered tools fits.</summary>
    public static (ResolvedCall? Call, string? Problem) Resolve(ToolCallSpec spec, ModelRequest request, string? cwd, string id)
    {
        if (spec.Tool is { } name)
        {
            var offered = request.Tools.FirstOrDefault(tool => tool.Name == name);
            var isCustom = offered?.IsCustom ?? false;
            return isCustom
                ? (new ResolvedCall(id, name, true, null, spec.Input is JsonValue text ? text.ToString() : spec.Input?.ToJsonString(Json.Wire)), null)
                : (new ResolvedCall(id, name, false, spec.Input?.DeepClone() ?? new JsonObject(), null), null);
        }

        return spec.Action == ToolActions.WriteFile ? WriteFile(spec, request, cwd, id) : Shell(spec, request, cwd, id);
    }

    public static string? FindWorkingDirectory(ModelRequest request, string? header)
    {
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        var text = new StringBuilder(request.SystemText);
        foreach (var message in request.Messages.Where(message => message.Role is "user" or "system" or "developer"))
        {
            text.Append('\n').Append(message.Text);
        }

        var match = WorkingDirectory().Match(text.ToString());
        return match.Success ? match.Groups.Cast<Group>().Skip(1).First(group => group.Success).Value.Trim() : null;
    }

    private static (ResolvedCall?, string?) WriteFile(ToolCallSpec spec, ModelRequest request, string? cwd, string id)
    {
        var tool = ByName(request, WriteTools) ?? request.Tools.FirstOrDefault(t => Property(t, PathProperties) is not null && t.Properties.ContainsKey("content"));
        if (tool is not null && !tool.IsCustom)
        {
            var arguments = new JsonObject
            {
                [Property(tool, PathProperties) ?? "file_path"] = Absolute(spec.Path!, cwd),
                ["content"] = spec.Content,
            };
            return (new ResolvedCall(id, tool.Name, false, arguments, null), null);
        }

        var patchTool = request.Tools.FirstOrDefault(t => t.Name == "apply_patch");
        if (patchTool is not null)
        {
            var patch = new StringBuilder("*** Begin Patch\n*** Add File: ").Append(spec.Path).Append('\n');
            foreach (var line in spec.Content!.TrimEnd('\n').Split('\n'))
            {
                patch.Append('+').Append(line).Append('\n');
            }

            patch.Append("*** End Patch\n");
            return patchTool.IsCustom
                ? (new ResolvedCall(id, patchTool.Name, true, null, patch.ToString()), null)
                : (new ResolvedCall(id, patchTool.Name, false, new JsonObject { ["input"] = patch.ToString() }, null), null);
        }

        return (null, $"no offered tool writes files (offered: {Offered(request)})");
    }

    private static (ResolvedCall?, string?) Shell(ToolCallSpec spec, ModelRequest request, string? cwd, string id)
    {
        var tool = ByName(request, ShellTools) ?? request.Tools.FirstOrDefault(t => !t.IsCustom && Property(t, CommandProperties) is not null);
        if (tool is null || tool.IsCustom)
        {
            return (null, $"no offered tool runs shell commands (offered: {Offered(request)})");
        }

        var commandProperty = Property(tool, CommandProperties) ?? "command";
        var arguments = new JsonObject();
        // Some shells take an argv list rather than a command line.
        arguments[commandProperty] = tool.Properties[commandProperty]?["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "array"
            ? new JsonArray("bash", "-lc", spec.Command)
            : spec.Command;
        if (tool.Properties.ContainsKey("description"))
        {
            arguments["description"] = "Run a command";
        }

        if (tool.Properties.ContainsKey("workdir") && cwd is not null)
        {
            arguments["workdir"] = cwd;
        }

        return (new ResolvedCall(id, tool.Name, false, arguments, null), null);
    }

    private static OfferedTool? ByName(ModelRequest request, string[] names) =>
        names.Select(name => request.Tools.FirstOrDefault(tool => tool.Name == name)).FirstOrDefault(tool => tool is not null);

    private static string? Property(OfferedTool tool, string[] names) => names.FirstOrDefault(tool.Properties.ContainsKey);

    private static string Absolute(string path, string? cwd) => Path.IsPathRooted(path) || cwd is null ? path : Path.Combine(cwd, path);

    private static string Offered(ModelRequest request) => request.Tools.Count == 0 ? "none" : string.Join(", ", request.Tools.Select(tool => tool.Name));

    // Claude Code, Codex, Gemini CLI, Qwen Code and opencode each announce the working folder in their own words.
    [GeneratedRegex(@"Primary working directory: *([^\n]+)|<cwd>([^<]+)</cwd>|\*\*Workspace Directories:\*\*\s*\n\s*- *([^\n]+)|I'm currently working in the directory: *([^\n]+)|Working directory: *([^\n]+)")]
    private static partial Regex WorkingDirectory();
}
