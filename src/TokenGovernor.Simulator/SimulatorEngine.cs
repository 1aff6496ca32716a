using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using TokenGovernor.Simulator.Apis;
using TokenGovernor.Simulator.Conversations;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator;

/// <summary>Answers model requests from the scenario: picks the turn, resolves tool calls, logs what it served.</summary>
public sealed partial class SimulatorEngine(ScenarioSet scenarios, RequestLog log, TimeProvider time)
{
    public const string ScenarioHeader = "x-simulator-scenario";
    public const string CwdHeader = "x-simulator-cwd";
    private static readonly string[] SessionHeaders = ["X-Claude-Code-Session-Id", "session-id", "x-session-id"];

    public RequestLog Log { get; } = log;

    public ConversationTracker Conversations { get; } = new();

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var route = Route.Parse(http.Method, http.Path.Value ?? "/");
        var entry = new JsonObject { ["method"] = http.Method, ["path"] = http.Path.Value + http.QueryString.Value };
        if (route.Kind == RouteKind.NotFound)
        {
            entry["status"] = 404;
            Log.Write(entry);
            await Results.Problem($"The simulator does not serve {http.Method} {http.Path}.", statusCode: 404, title: "Not found").ExecuteAsync(context);
            return;
        }

        if (route.Kind == RouteKind.Models)
        {
            await ModelsAsync(context, route);
            return;
        }

        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, context.RequestAborted);
        if (route.Kind == RouteKind.CountTokens)
        {
            var tokens = buffer.Length / 4;
            entry["api"] = ModelRequest.ApiName(route.Api);
            entry["status"] = 200;
            entry["count_tokens"] = tokens;
            Log.Write(entry);
            await Results.Json(route.Api == ApiKind.Gemini ? new JsonObject { ["totalTokens"] = tokens } : new JsonObject { ["input_tokens"] = tokens }).ExecuteAsync(context);
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(buffer.ToArray()) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException error)
        {
            entry["status"] = 400;
            Log.Write(entry);
            await Results.Problem($"The request body is not a JSON object: {error.Message}", statusCode: 400, title: "Bad request").ExecuteAsync(context);
            return;
        }

        var request = RequestParser.Parse(route.Api, body, route.Model);
        if (route.Api == ApiKind.Gemini)
        {
            request = request with { Stream = route.GeminiStream };
        }

        var scenarioName = route.Scenario ?? HeaderValue(http, ScenarioHeader) ?? MarkerIn(request);
        var scenario = scenarios.Find(scenarioName);
        if (scenario is null)
        {
            entry["status"] = 404;
            entry["scenario"] = scenarioName;
            Log.Write(entry);
            var known = string.Join(", ", [ScenarioSet.DefaultName, .. scenarios.Named.Keys]);
            await Results.Problem($"The scenario file has no scenario named \"{scenarioName}\" (it has: {known}).", statusCode: 404, title: "Unknown scenario").ExecuteAsync(context);
            return;
        }

        await ServeAsync(context, route, request, scenario, entry);
    }

    private async Task ServeAsync(HttpContext context, Route route, ModelRequest request, Scenario scenario, JsonObject entry)
    {
        var http = context.Request;
        var session = SessionHeaders.Select(name => HeaderValue(http, name)).FirstOrDefault(value => value is not null);
        var cwd = ToolMapper.FindWorkingDirectory(request, HeaderValue(http, CwdHeader));
        var aux = IsAuxiliary(request);
        var choice = aux ? new TurnChoice("aux", -1, false, scenario.Aux) : Conversations.Next(route.Api, scenario, session, request.Messages);
        entry["api"] = ModelRequest.ApiName(route.Api);
        entry["model"] = request.Model;
        entry["stream"] = request.Stream;
        entry["scenario"] = scenario.Name;
        entry["conversation"] = choice.Conversation;
        entry["session"] = session;
        entry["turn_index"] = choice.TurnIndex;
        entry["fallback"] = choice.IsFallback;
        entry["aux"] = aux;
        entry["cwd"] = cwd;
        entry["n_messages"] = request.Messages.Count;
        entry["tools"] = new JsonArray([.. request.Tools.Select(tool => (JsonNode)tool.Name)]);
        if (request.LastMessage is { } last)
        {
            entry["last_message"] = new JsonObject { ["role"] = last.Role, ["text"] = last.Text.Length > 500 ? last.Text[..500] : last.Text };
        }

        var responder = ApiResponder.For(route.Api);
        var requestId = NewId("req_sim");
        context.Response.Headers[route.Api == ApiKind.Anthropic ? "request-id" : "x-request-id"] = requestId;
        var turn = choice.Turn;
        switch (turn.Error)
        {
            case TurnError.RateLimit or TurnError.Overloaded or TurnError.ServerError:
                var reply = responder.Error(turn.Error, request, turn.RetryAfterSeconds, requestId);
                entry["action"] = "error";
                entry["error"] = ErrorName(turn.Error);
                entry["status"] = reply.Status;
                Log.Write(entry);
                await WriteErrorAsync(context, reply);
                return;
            case TurnError.Hang:
                entry["action"] = "hang";
                entry["phase"] = turn.Phase.ToString();
                entry["status"] = turn.Phase == HangPhase.BeforeHeaders ? 0 : 200;
                Log.Write(entry);
                await HangAsync(context, route, request, responder, turn);
                return;
            case TurnError.Disconnect:
                entry["action"] = "disconnect";
                entry["status"] = 200;
                Log.Write(entry);
                await DisconnectAsync(context, route, request, responder, turn);
                return;
        }

        var answer = BuildAnswer(route.Api, request, turn, cwd, aux, entry);
        entry["action"] = answer.HasCalls ? "tool_calls" : "text";
        entry["status"] = 200;
        entry["usage"] = UsageJson(answer.Usage);
        Log.Write(entry);
        await WriteAnswerAsync(context, route, request, responder, answer);
    }

    private static Answer BuildAnswer(ApiKind api, ModelRequest request, Turn turn, string? cwd, bool aux, JsonObject entry)
    {
        var text = turn.Text;
        if (aux && request.WantsJson)
        {
            // Gemini CLI's model router asks for JSON that fits a schema; any well-formed answer will do.
            text = GeminiResponder.FromSchema(request.ResponseSchema).ToJsonString(Json.Wire);
        }

        var calls = new List<ResolvedCall>();
        var problems = new List<string>();
        foreach (var spec in turn.Calls)
        {
            var (call, problem) = ToolMapper.Resolve(spec, request, cwd, NewCallId(api, spec, calls.Count));
            if (call is not null)
            {
                calls.Add(call);
            }
            else
            {
                problems.Add(problem!);
            }
        }

        if (problems.Count > 0)
        {
            entry["problems"] = new JsonArray([.. problems.Select(problem => (JsonNode)problem)]);
            text = string.Join(" ", [.. text is null ? Array.Empty<string>() : [text], .. problems.Select(problem => $"(simulator: {problem})")]);
        }

        if (calls.Count > 0)
        {
            entry["resolved_calls"] = new JsonArray([.. calls.Select(call => (JsonNode)call.ToLog())]);
        }

        return new Answer(text, api == ApiKind.OpenAiResponses ? turn.Reasoning : null, calls, turn.Usage, turn.ChunkChars, turn.SlowSeconds);
    }

    private bool IsAuxiliary(ModelRequest request) =>
        scenarios.AuxDetection && (request.Tools.Count == 0 || request.WantsJson || scenarios.AuxPatterns.Any(pattern => request.LastUserText.Contains(pattern, StringComparison.Ordinal)));

    private static JsonObject UsageJson(TurnUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["output_tokens"] = usage.OutputTokens,
        ["cache_creation_input_tokens"] = usage.CacheCreationInputTokens,
        ["cache_read_input_tokens"] = usage.CacheReadInputTokens,
        ["reasoning_tokens"] = usage.ReasoningTokens,
    };

    private static string ErrorName(TurnError error) => error switch
    {
        TurnError.RateLimit => "rate_limit",
        TurnError.Overloaded => "overloaded",
        _ => "server_error",
    };

    private static string NewCallId(ApiKind api, ToolCallSpec spec, int index) => api switch
    {
        ApiKind.Anthropic => NewId("toolu_sim"),
        ApiKind.Gemini => $"{spec.Tool ?? spec.Action}_{index}",
        _ => NewId("call_sim"),
    };

    internal static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    private static string? HeaderValue(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString() : null;

    /// <summary>The first <c>sim:NAME</c> marker in the user messages (Claude Code puts its context before the prompt).</summary>
    private static string? MarkerIn(ModelRequest request) => request.Messages
        .Where(message => message.Role == "user")
        .Select(message => ScenarioMarker().Match(message.Text))
        .FirstOrDefault(match => match.Success)?.Groups[1].Value;

    [GeneratedRegex(@"\bsim:([A-Za-z0-9_.-]+)")]
    private static partial Regex ScenarioMarker();
}
