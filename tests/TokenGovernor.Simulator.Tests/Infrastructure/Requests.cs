using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>Request bodies shaped as each client sends them, offering the tools the real CLIs offer.</summary>
public static class Requests
{
    public static JsonObject Anthropic(bool stream, string prompt = "create hello.txt", JsonArray? history = null) => new()
    {
        ["model"] = "claude-opus-4-8",
        ["stream"] = stream,
        ["max_tokens"] = 1024,
        ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "You are an agent.\nPrimary working directory: /work/repo\n" }),
        ["messages"] = history ?? new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = prompt }) }),
        ["tools"] = new JsonArray(
            Tool("Write", "file_path", "content"),
            Tool("Bash", "command", "description")),
    };

    public static JsonObject Responses(bool stream, string prompt = "create hello.txt") => new()
    {
        ["model"] = "gpt-5.5",
        ["stream"] = stream,
        ["instructions"] = "You are Codex.",
        ["input"] = new JsonArray(
            new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "<environment_context>\n  <cwd>/work/repo</cwd>\n</environment_context>" }) },
            new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = prompt }) }),
        ["tools"] = new JsonArray(
            new JsonObject { ["type"] = "custom", ["name"] = "apply_patch", ["description"] = "Edit files", ["format"] = new JsonObject { ["type"] = "grammar" } },
            new JsonObject { ["type"] = "function", ["name"] = "exec_command", ["parameters"] = Schema("cmd", "workdir") }),
    };

    public static JsonObject Chat(bool stream, string prompt = "create hello.txt") => new()
    {
        ["model"] = "mock-model",
        ["stream"] = stream,
        ["stream_options"] = new JsonObject { ["include_usage"] = true },
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "I'm currently working in the directory: /work/repo" },
            new JsonObject { ["role"] = "user", ["content"] = prompt }),
        ["tools"] = new JsonArray(
            new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "write_file", ["parameters"] = Schema("file_path", "content") } },
            new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "run_shell_command", ["parameters"] = Schema("command", "description") } }),
    };

    public static JsonObject Gemini(string prompt = "create hello.txt") => new()
    {
        ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt }) }),
        ["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = "- **Workspace Directories:**\n  - /work/repo\n" }) },
        ["tools"] = new JsonArray(new JsonObject
        {
            ["functionDeclarations"] = new JsonArray(
                new JsonObject { ["name"] = "write_file", ["parametersJsonSchema"] = Schema("file_path", "content") },
                new JsonObject { ["name"] = "run_shell_command", ["parametersJsonSchema"] = Schema("command", "description") }),
        }),
    };

    private static JsonObject Tool(string name, params string[] properties) => new() { ["name"] = name, ["input_schema"] = Schema(properties) };

    private static JsonObject Schema(params string[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject { ["type"] = "string" }))),
    };
}
