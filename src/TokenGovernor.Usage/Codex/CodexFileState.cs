namespace TokenGovernor.Usage.Codex;

/// <summary>What reading a Codex session file carries from one line to the next (and, read incrementally, from one read to the next).</summary>
public sealed class CodexFileState
{
    /// <summary>The model the last <c>turn_context</c> named.</summary>
    public string? Model { get; set; }

    /// <summary>True while entries use ccusage's fallback model because no turn_context named one yet.</summary>
    public bool FallbackActive { get; set; }

    /// <summary>The last <c>info.total_token_usage</c> seen: usage is its delta when a line has no <c>last_token_usage</c>.</summary>
    public CodexTokens? PreviousTotal { get; set; }

    /// <summary>Lines that named <c>token_count</c> but were not valid JSON.</summary>
    public int BadLines { get; set; }
}

/// <summary>A Codex token usage object (<c>input_tokens</c>, <c>cached_input_tokens</c>, <c>output_tokens</c>, <c>reasoning_output_tokens</c>, <c>total_tokens</c>).</summary>
public readonly record struct CodexTokens(long Input, long Cached, long Output, long Reasoning, long Total)
{
    /// <summary>This total minus an earlier one, each field floored at 0.</summary>
    public CodexTokens Minus(CodexTokens? earlier) => earlier is not { } e
        ? this
        : new(Math.Max(Input - e.Input, 0), Math.Max(Cached - e.Cached, 0), Math.Max(Output - e.Output, 0), Math.Max(Reasoning - e.Reasoning, 0), Math.Max(Total - e.Total, 0));
}
