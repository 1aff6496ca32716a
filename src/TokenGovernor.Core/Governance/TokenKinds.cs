using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Governance;

/// <summary>Which kinds of tokens count against a token budget. Every kind counts unless a project says otherwise.</summary>
[Flags]
public enum TokenKinds
{
    None = 0,
    Input = 1,
    Output = 2,
    CacheCreation = 4,
    CacheRead = 8,
    Reasoning = 16,
    All = Input | Output | CacheCreation | CacheRead | Reasoning,
}

public static class TokenKindNames
{
    private static readonly (TokenKinds Kind, string Wire)[] Names =
    [
        (TokenKinds.Input, "input"),
        (TokenKinds.Output, "output"),
        (TokenKinds.CacheCreation, "cache-creation"),
        (TokenKinds.CacheRead, "cache-read"),
        (TokenKinds.Reasoning, "reasoning"),
    ];

    /// <summary>The tokens of <paramref name="usage"/> that count under these kinds.</summary>
    public static long Count(this TokenKinds kinds, TokenUsage usage) =>
        (kinds.HasFlag(TokenKinds.Input) ? usage.Input : 0) +
        (kinds.HasFlag(TokenKinds.Output) ? usage.Output : 0) +
        (kinds.HasFlag(TokenKinds.CacheCreation) ? usage.CacheCreation : 0) +
        (kinds.HasFlag(TokenKinds.CacheRead) ? usage.CacheRead : 0) +
        (kinds.HasFlag(TokenKinds.Reasoning) ? usage.Reasoning : 0);

    /// <summary><c>all</c>, or a comma list such as <c>input,output</c>.</summary>
    public static string ToWire(this TokenKinds kinds) => kinds == TokenKinds.All
        ? "all"
        : string.Join(",", Names.Where(name => kinds.HasFlag(name.Kind)).Select(name => name.Wire));

    public static bool TryParse(string? text, out TokenKinds kinds)
    {
        kinds = TokenKinds.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "all")
            {
                kinds |= TokenKinds.All;
                continue;
            }

            var match = Array.FindIndex(Names, name => name.Wire == part);
            if (match < 0)
            {
                kinds = TokenKinds.None;
                return false;
            }

            kinds |= Names[match].Kind;
        }

        return kinds != TokenKinds.None;
    }

    public static TokenKinds Parse(string text) => TryParse(text, out var kinds)
        ? kinds
        : throw new FormatException($"'{text}' is not a list of token kinds");
}
