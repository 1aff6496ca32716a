using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Scenarios;

/// <summary>What a turn makes the model fail with, instead of answering.</summary>
public enum TurnError
{
    None,
    RateLimit,
    Overloaded,
    ServerError,
    Hang,
    Disconnect,
}

/// <summary>Where a hanging turn stops: before any header, after the headers, or part-way through the stream.</summary>
public enum HangPhase
{
    BeforeHeaders,
    AfterHeaders,
    MidStream,
}

/// <summary>A tool call as written in a scenario: a generic action mapped onto the client's tool, or a raw call.</summary>
public sealed record ToolCallSpec(string? Action, string? Path, string? Content, string? Command, string? Tool, JsonNode? Input);

/// <summary>Token counts of one answer, Anthropic-style (input excludes the cache reads and writes).</summary>
public sealed record TurnUsage(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens, long ReasoningTokens)
{
    public static TurnUsage Default { get; } = new(100, 20, 0, 0, 0);

    public static TurnUsage Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The whole prompt, as OpenAI and Gemini count it: fresh input plus cache reads and writes.</summary>
    public long PromptTokens => InputTokens + CacheCreationInputTokens + CacheReadInputTokens;
}

/// <summary>One scripted answer of the model.</summary>
public sealed record Turn
{
    public string? Text { get; init; }

    public IReadOnlyList<ToolCallSpec> Calls { get; init; } = [];

    public string? Reasoning { get; init; }

    public TurnUsage Usage { get; init; } = TurnUsage.Default;

    public TurnError Error { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How many requests this turn answers before the conversation moves on; -1 = forever.</summary>
    public int Times { get; init; } = 1;

    public HangPhase Phase { get; init; } = HangPhase.BeforeHeaders;

    public double HangSeconds { get; init; } = 60;

    /// <summary>Delay before every streamed chunk, in seconds.</summary>
    public double SlowSeconds { get; init; }

    public int ChunkChars { get; init; } = 16;

    public static Turn PlainText(string text) => new() { Text = text };
}
