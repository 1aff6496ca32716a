using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TokenGovernor.Simulator.Apis;
using TokenGovernor.Simulator.Scenarios;

namespace TokenGovernor.Simulator;

public sealed partial class SimulatorEngine
{
    private const string DisconnectText = "Partial answer that gets cut off before the end.";

    private static async Task WriteErrorAsync(HttpContext context, ErrorReply reply)
    {
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body.ToJsonString(Json.Wire), context.RequestAborted);
    }

    private async Task WriteAnswerAsync(HttpContext context, Route route, ModelRequest request, ApiResponder responder, Answer answer)
    {
        var id = ResponseId(route.Api);
        if (!request.Stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responder.Complete(request, answer, id).ToJsonString(Json.Wire), context.RequestAborted);
            return;
        }

        var frames = responder.Stream(request, answer, id).ToList();
        if (route.Api == ApiKind.Gemini && !IsSse(context))
        {
            // streamGenerateContent without alt=sse answers with one JSON array of the partial responses.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonArray([.. frames.Select(frame => JsonNode.Parse(frame.Data))]).ToJsonString(Json.Wire), context.RequestAborted);
            return;
        }

        await StartStreamAsync(context);
        await WriteFramesAsync(context, frames, answer.SlowSeconds);
    }

    private async Task HangAsync(HttpContext context, Route route, ModelRequest request, ApiResponder responder, Turn turn)
    {
        var started = time.GetTimestamp();
        if (turn.Phase != HangPhase.BeforeHeaders)
        {
            if (request.Stream)
            {
                await StartStreamAsync(context);
                if (turn.Phase == HangPhase.MidStream)
                {
                    await WriteFramesAsync(context, FirstHalf(route, request, responder, turn), turn.SlowSeconds);
                }
            }
            else
            {
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(context.RequestAborted);
            }
        }

        var ended = "hang_ended";
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(turn.HangSeconds), time, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            ended = "client_disconnected";
        }

        Log.Write(new JsonObject { ["event"] = ended, ["path"] = context.Request.Path.Value, ["after_seconds"] = Math.Round(time.GetElapsedTime(started).TotalSeconds, 3) });
        context.Abort();
    }

    private async Task DisconnectAsync(HttpContext context, Route route, ModelRequest request, ApiResponder responder, Turn turn)
    {
        if (request.Stream)
        {
            await StartStreamAsync(context);
            await WriteFramesAsync(context, FirstHalf(route, request, responder, turn), turn.SlowSeconds);
            // An abort resets the connection, and a reset can discard what the client has not read yet: give it a moment.
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        context.Abort();
    }

    /// <summary>The first half of a streamed answer: enough for the client to have seen some text.</summary>
    private static List<SseFrame> FirstHalf(Route route, ModelRequest request, ApiResponder responder, Turn turn)
    {
        var answer = new Answer(turn.Text ?? DisconnectText, null, [], turn.Usage, Math.Min(turn.ChunkChars, 8), turn.SlowSeconds);
        var frames = responder.Stream(request, answer, ResponseId(route.Api)).ToList();
        return frames.Take((frames.Count + 1) / 2).ToList();
    }

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task WriteFramesAsync(HttpContext context, IEnumerable<SseFrame> frames, double slowSeconds)
    {
        foreach (var frame in frames)
        {
            if (frame.Delta && slowSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(slowSeconds), time, context.RequestAborted);
            }

            await context.Response.WriteAsync(frame.Wire, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private async Task ModelsAsync(HttpContext context, Route route)
    {
        var models = new[] { "claude-opus-4-8", "claude-sonnet-4-5", "gpt-5.5", "gemini-2.5-flash", "mock-model" };
        var anthropic = context.Request.Headers.ContainsKey("anthropic-version");
        var all = (JsonNode name) => route.Api == ApiKind.Gemini
            ? new JsonObject { ["name"] = $"models/{name}", ["displayName"] = name.DeepClone(), ["supportedGenerationMethods"] = new JsonArray("generateContent", "countTokens") }
            : anthropic
                ? new JsonObject { ["type"] = "model", ["id"] = name.DeepClone(), ["display_name"] = name.DeepClone() }
                : new JsonObject { ["id"] = name.DeepClone(), ["object"] = "model", ["owned_by"] = "simulator" };
        JsonNode body = route.Model.Length > 0
            ? all(route.Model)
            : route.Api == ApiKind.Gemini
                ? new JsonObject { ["models"] = new JsonArray([.. models.Select(name => (JsonNode)all(name))]) }
                : anthropic
                    ? new JsonObject { ["data"] = new JsonArray([.. models.Select(name => (JsonNode)all(name))]), ["has_more"] = false }
                    : new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. models.Select(name => (JsonNode)all(name))]) };
        Log.Write(new JsonObject { ["method"] = "GET", ["path"] = context.Request.Path.Value, ["status"] = 200 });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Json.Wire), context.RequestAborted);
    }

    private static bool IsSse(HttpContext context) => context.Request.Query["alt"] == "sse";

    private static string ResponseId(ApiKind api) => api switch
    {
        ApiKind.Anthropic => NewId("msg_sim"),
        ApiKind.OpenAiResponses => NewId("resp_sim"),
        ApiKind.OpenAiChat => NewId("chatcmpl-sim"),
        _ => NewId("sim"),
    };
}
