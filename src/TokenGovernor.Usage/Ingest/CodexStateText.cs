using System.Globalization;
using TokenGovernor.Usage.Codex;

namespace TokenGovernor.Usage.Ingest;

/// <summary>A Codex reader's state as one line of text (model, fallback flag, last total), kept with the file's position.</summary>
internal static class CodexStateText
{
    public static string Format(CodexFileState state)
    {
        var total = state.PreviousTotal is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.Input},{t.Cached},{t.Output},{t.Reasoning},{t.Total}") : "";
        return $"{(state.FallbackActive ? 1 : 0)}|{total}|{state.Model}";
    }

    public static CodexFileState Parse(string? text)
    {
        var state = new CodexFileState();
        var parts = text?.Split('|', 3);
        if (parts is not { Length: 3 })
        {
            return state;
        }

        state.FallbackActive = parts[0] == "1";
        state.Model = parts[2].Length > 0 ? parts[2] : null;
        var numbers = parts[1].Split(',');
        if (numbers.Length == 5 && numbers.All(n => long.TryParse(n, CultureInfo.InvariantCulture, out _)))
        {
            var n = numbers.Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            state.PreviousTotal = new CodexTokens(n[0], n[1], n[2], n[3], n[4]);
        }

        return state;
    }
}
