using System.Globalization;
using System.Text.Json;

namespace TokenGovernor.Usage.Codex;

/// <summary>
/// Reads a Codex session file, from the start or from an offset. Only lines that name <c>token_count</c> or
/// <c>turn_context</c> are parsed; the response items that make up most of the bytes are stepped over.
/// </summary>
public static class CodexFileReader
{
    /// <summary>ccusage's model for sessions whose log never names one.</summary>
    public const string FallbackModel = "gpt-5";

    private static readonly byte[] TokenCount = "token_count"u8.ToArray();
    private static readonly byte[] TurnContext = "turn_context"u8.ToArray();

    /// <summary>Reads <paramref name="bytes"/> (whole lines) of <paramref name="file"/>, adding counted calls to <paramref name="into"/>.</summary>
    public static void ReadLines(ReadOnlySpan<byte> bytes, CodexFile file, CodexFileState state, List<CodexEntry> into)
    {
        while (bytes.Length > 0)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? default : bytes[(end + 1)..];
            if (line.IndexOf(TokenCount) >= 0 || line.IndexOf(TurnContext) >= 0)
            {
                Handle(line, file, state, into);
            }
        }
    }

    /// <summary>Reads the whole file.</summary>
    public static List<CodexEntry> Read(CodexFile file, CodexFileState state)
    {
        var entries = new List<CodexEntry>();
        try
        {
            ReadLines(File.ReadAllBytes(file.Path), file, state, entries);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            state.BadLines++;
        }

        return entries;
    }

    private static void Handle(ReadOnlySpan<byte> line, CodexFile file, CodexFileState state, List<CodexEntry> into)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException)
        {
            state.BadLines++;
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var type = Text(root, "type");
            var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            if (type == "turn_context")
            {
                if (ModelOf(payload) is { } named)
                {
                    state.Model = named;
                    state.FallbackActive = false;
                }

                return;
            }

            if (type != "event_msg" || Text(root, "timestamp") is not { } timestamp || payload.ValueKind != JsonValueKind.Object || Text(payload, "type") != "token_count")
            {
                return;
            }

            var info = payload.TryGetProperty("info", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
            var last = Tokens(info, "last_token_usage");
            var total = Tokens(info, "total_token_usage");
            var model = ModelOf(info) ?? ModelOf(payload);
            Count(timestamp, last, total, model, file, state, into);
        }
    }

    private static void Count(string timestamp, CodexTokens? last, CodexTokens? total, string? model, CodexFile file, CodexFileState state, List<CodexEntry> into)
    {
        // Codex re-emits token_count with an unchanged total (after errors, on resume); ccusage counts each such line's
        // last_token_usage again. An unchanged total means no new model call, so it counts nothing.
        if (total is { } unchanged && state.PreviousTotal == unchanged)
        {
            return;
        }

        var usage = last ?? total?.Minus(state.PreviousTotal);
        if (total is not null)
        {
            state.PreviousTotal = total;
        }

        if (usage is not { } u || (u.Input == 0 && u.Cached == 0 && u.Output == 0 && u.Reasoning == 0))
        {
            return;
        }

        var fallback = false;
        if (model is not null)
        {
            state.Model = model;
            state.FallbackActive = false;
        }

        var resolved = model ?? state.Model;
        if (resolved is null)
        {
            resolved = FallbackModel;
            fallback = true;
            state.Model = resolved;
            state.FallbackActive = true;
        }
        else if (model is null && state.FallbackActive)
        {
            fallback = true;
        }

        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            state.BadLines++;
            return;
        }

        var cached = Math.Min(u.Cached, u.Input);
        into.Add(new CodexEntry(timestamp, at.ToUnixTimeMilliseconds(), file.SessionId, resolved, fallback, u.Input, cached, u.Output, u.Reasoning,
            u.Total > 0 ? u.Total : u.Input + u.Output + u.Reasoning));
    }

    private static CodexTokens? Tokens(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = Number(usage, "input_tokens");
        var cached = usage.TryGetProperty("cached_input_tokens", out _) ? Number(usage, "cached_input_tokens") : Number(usage, "cache_read_input_tokens");
        var output = Number(usage, "output_tokens");
        var reasoning = Number(usage, "reasoning_output_tokens");
        var total = Number(usage, "total_tokens");
        return new CodexTokens(input, cached, output, reasoning, total > 0 ? total : input + output + reasoning);
    }

    private static long Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? (long)number
            : 0;

    private static string? ModelOf(JsonElement parent)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return Trimmed(Text(parent, "model")) ?? Trimmed(Text(parent, "model_name"))
            ?? (parent.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object ? Trimmed(Text(meta, "model")) : null);
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
