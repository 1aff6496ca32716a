using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Scenarios;

public static partial class ScenarioLoader
{
    private static readonly HashSet<string> SetFields = ["turns", "scenarios", "fallback", "aux", "aux_patterns", "aux_detection"];
    private static readonly HashSet<string> NamedFields = ["turns", "fallback", "aux"];
    private static readonly HashSet<string> CallFields = ["action", "path", "content", "command", "tool", "input"];
    private static readonly HashSet<string> TurnFields =
        ["text", "action", "path", "content", "command", "tool", "input", "calls", "reasoning", "usage", "error", "retry_after", "times", "phase", "hang_seconds", "slow", "chunk_chars"];
    private static readonly HashSet<string> UsageFields =
        ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "reasoning_tokens"];

    private sealed class Reader(string source, JsonLineMap lines)
    {
        public ScenarioSet ReadSet(JsonNode? root)
        {
            if (root is JsonArray)
            {
                return new ScenarioSet(ReadScenario(ScenarioSet.DefaultName, root, "$", null, null), new Dictionary<string, Scenario>(), ScenarioSet.DefaultAuxPatterns, true);
            }

            var obj = Object(root, "$", "a list of turns or an object with \"turns\"");
            CheckFields(obj, "$", SetFields);
            var fallback = obj["fallback"] is { } f ? ReadTurn(f, "$.fallback") : ScenarioSet.DefaultFallback;
            var aux = obj["aux"] is { } a ? ReadTurn(a, "$.aux") : ScenarioSet.DefaultAux;
            var turns = obj["turns"] is { } t ? ReadTurns(t, "$.turns") : [];
            var named = new Dictionary<string, Scenario>(StringComparer.Ordinal);
            if (obj["scenarios"] is { } scenarios)
            {
                foreach (var (name, node) in Object(scenarios, "$.scenarios", "an object of named scenarios"))
                {
                    named[name] = ReadScenario(name, node, $"$.scenarios.{name}", fallback, aux);
                }
            }

            var patterns = obj["aux_patterns"] is { } p
                ? [.. Array(p, "$.aux_patterns").Select((item, i) => String(item, $"$.aux_patterns[{i}]"))]
                : ScenarioSet.DefaultAuxPatterns;
            var detection = obj["aux_detection"] is not { } d || Bool(d, "$.aux_detection");
            return new ScenarioSet(new Scenario(ScenarioSet.DefaultName, turns, fallback, aux), named, patterns, detection);
        }

        private Scenario ReadScenario(string name, JsonNode? node, string path, Turn? fallback, Turn? aux)
        {
            if (node is JsonArray)
            {
                return new Scenario(name, ReadTurns(node, path), fallback ?? ScenarioSet.DefaultFallback, aux ?? ScenarioSet.DefaultAux);
            }

            var obj = Object(node, path, "a list of turns or an object with \"turns\"");
            CheckFields(obj, path, NamedFields);
            return new Scenario(
                name,
                obj["turns"] is { } t ? ReadTurns(t, path + ".turns") : [],
                obj["fallback"] is { } f ? ReadTurn(f, path + ".fallback") : fallback ?? ScenarioSet.DefaultFallback,
                obj["aux"] is { } a ? ReadTurn(a, path + ".aux") : aux ?? ScenarioSet.DefaultAux);
        }

        private List<Turn> ReadTurns(JsonNode node, string path) =>
            [.. Array(node, path).Select((item, i) => ReadTurn(item, $"{path}[{i}]"))];

        private Turn ReadTurn(JsonNode? node, string path)
        {
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                return Turn.PlainText(value.GetValue<string>());
            }

            var obj = Object(node, path, "a text or a turn object");
            CheckFields(obj, path, TurnFields);
            var calls = new List<ToolCallSpec>();
            if (obj["action"] is not null || obj["tool"] is not null)
            {
                calls.Add(ReadCall(obj, path));
            }
            else
            {
                foreach (var field in (string[])["path", "content", "command", "input"])
                {
                    if (obj[field] is not null)
                    {
                        throw Error(path + "." + field, $"\"{field}\" belongs to a tool call: add \"action\" (write_file or shell) or \"tool\"");
                    }
                }
            }

            if (obj["calls"] is { } list)
            {
                calls.AddRange(Array(list, path + ".calls").Select((item, i) =>
                {
                    var callPath = $"{path}.calls[{i}]";
                    var call = Object(item, callPath, "a tool call object");
                    CheckFields(call, callPath, CallFields);
                    return ReadCall(call, callPath);
                }));
            }

            var turn = new Turn
            {
                Text = obj["text"] is { } text ? String(text, path + ".text") : null,
                Calls = calls,
                Reasoning = obj["reasoning"] is { } reasoning ? String(reasoning, path + ".reasoning") : null,
                Usage = obj["usage"] is { } usage ? ReadUsage(usage, path + ".usage") : TurnUsage.Default,
                Error = obj["error"] is { } error ? ReadError(error, path + ".error") : TurnError.None,
                RetryAfterSeconds = obj["retry_after"] is { } retry ? (int)Number(retry, path + ".retry_after", 0) : 1,
                Times = obj["times"] is { } times ? ReadTimes(times, path + ".times") : 1,
                Phase = obj["phase"] is { } phase ? ReadPhase(phase, path + ".phase") : HangPhase.BeforeHeaders,
                HangSeconds = obj["hang_seconds"] is { } hang ? Seconds(hang, path + ".hang_seconds") : 60,
                SlowSeconds = obj["slow"] is { } slow ? Seconds(slow, path + ".slow") : 0,
                ChunkChars = obj["chunk_chars"] is { } chunk ? (int)Number(chunk, path + ".chunk_chars", 1) : 16,
            };
            if (turn.Error == TurnError.None && turn.Text is null && turn.Calls.Count == 0 && turn.Reasoning is null)
            {
                throw Error(path, "a turn needs \"text\", a tool call (\"action\", \"tool\" or \"calls\"), \"reasoning\" or \"error\"");
            }

            return turn;
        }

        private ToolCallSpec ReadCall(JsonObject obj, string path)
        {
            string? Optional(string field) => obj[field] is { } node ? String(node, $"{path}.{field}") : null;
            var action = Optional("action");
            var tool = Optional("tool");
            if (action is not null && tool is not null)
            {
                throw Error(path + ".tool", "a call has either \"action\" or \"tool\", not both");
            }

            switch (action)
            {
                case null when tool is null:
                    throw Error(path, "a tool call needs \"action\" (write_file or shell) or \"tool\" (an exact tool name)");
                case null:
                    return new ToolCallSpec(null, null, null, null, tool, obj["input"]?.DeepClone() ?? new JsonObject());
                case ToolActions.WriteFile:
                    return new ToolCallSpec(action, Required(obj, path, "path"), Required(obj, path, "content"), null, null, null);
                case ToolActions.Shell:
                    return new ToolCallSpec(action, null, null, Required(obj, path, "command"), null, null);
                default:
                    throw Error(path + ".action", $"unknown action \"{action}\" (expected write_file or shell)");
            }
        }

        private string Required(JsonObject obj, string path, string field) =>
            obj[field] is { } node ? String(node, $"{path}.{field}") : throw Error($"{path}.{field}", $"\"{field}\" is required for this action");

        private TurnUsage ReadUsage(JsonNode node, string path)
        {
            var obj = Object(node, path, "an object of token counts");
            CheckFields(obj, path, UsageFields);
            long Count(string field, long fallback) => obj[field] is { } n ? Number(n, $"{path}.{field}", 0) : fallback;
            return new TurnUsage(Count("input_tokens", 100), Count("output_tokens", 20), Count("cache_creation_input_tokens", 0), Count("cache_read_input_tokens", 0), Count("reasoning_tokens", 0));
        }

        private TurnError ReadError(JsonNode node, string path) => String(node, path) switch
        {
            "rate_limit" => TurnError.RateLimit,
            "overloaded" => TurnError.Overloaded,
            "server_error" => TurnError.ServerError,
            "hang" => TurnError.Hang,
            "disconnect" => TurnError.Disconnect,
            var other => throw Error(path, $"unknown error \"{other}\" (expected rate_limit, overloaded, server_error, hang or disconnect)"),
        };

        private HangPhase ReadPhase(JsonNode node, string path) => String(node, path) switch
        {
            "before_headers" => HangPhase.BeforeHeaders,
            "after_headers" => HangPhase.AfterHeaders,
            "mid_stream" => HangPhase.MidStream,
            var other => throw Error(path, $"unknown phase \"{other}\" (expected before_headers, after_headers or mid_stream)"),
        };

        private int ReadTimes(JsonNode node, string path)
        {
            var times = Number(node, path, -1);
            return times == 0 ? throw Error(path, "times must be a positive count, or -1 for forever") : (int)times;
        }

        private JsonObject Object(JsonNode? node, string path, string expected) =>
            node as JsonObject ?? throw Error(path, $"expected {expected}");

        private JsonArray Array(JsonNode? node, string path) =>
            node as JsonArray ?? throw Error(path, "expected a list");

        private string String(JsonNode? node, string path) =>
            node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw Error(path, "expected a string");

        private bool Bool(JsonNode node, string path) =>
            node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? node.GetValue<bool>() : throw Error(path, "expected true or false");

        private long Number(JsonNode node, string path, long minimum)
        {
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) && number >= minimum)
            {
                return number;
            }

            throw Error(path, $"expected a whole number of at least {minimum}");
        }

        private double Seconds(JsonNode node, string path)
        {
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() >= 0)
            {
                return value.GetValue<double>();
            }

            throw Error(path, "expected a number of seconds (0 or more)");
        }

        private void CheckFields(JsonObject obj, string path, HashSet<string> allowed)
        {
            foreach (var (name, _) in obj)
            {
                if (!allowed.Contains(name))
                {
                    throw Error($"{path}.{name}", $"unknown field \"{name}\" (expected one of: {string.Join(", ", allowed)})");
                }
            }
        }

        private ScenarioException Error(string path, string message) =>
            new($"{source}:{lines.LineOf(path)}: {(path == "$" ? "top level" : path[1..].TrimStart('.'))}: {message}");
    }
}
