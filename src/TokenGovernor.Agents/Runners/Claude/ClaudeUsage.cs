using System.Text.Json;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Agents.Runners.Claude;

/// <summary>Anthropic <c>usage</c> objects as Claude Code writes them, and the arithmetic reconciliation needs.</summary>
internal static class ClaudeUsage
{
    public static TokenUsage Read(JsonElement usage) =>
        usage.ValueKind != JsonValueKind.Object
            ? TokenUsage.Zero
            : new TokenUsage(
                Number(usage, "input_tokens"),
                Number(usage, "output_tokens"),
                Number(usage, "cache_creation_input_tokens"),
                Number(usage, "cache_read_input_tokens"),
                Reasoning: 0);

    /// <summary>Kind by kind, the larger of two counts of the same thing.</summary>
    public static TokenUsage Max(TokenUsage left, TokenUsage right) => new(
        Math.Max(left.Input, right.Input),
        Math.Max(left.Output, right.Output),
        Math.Max(left.CacheCreation, right.CacheCreation),
        Math.Max(left.CacheRead, right.CacheRead),
        Math.Max(left.Reasoning, right.Reasoning));

    /// <summary>Kind by kind, what <paramref name="total"/> has beyond <paramref name="part"/>, never below zero.</summary>
    public static TokenUsage Beyond(TokenUsage total, TokenUsage part) => new(
        Math.Max(0, total.Input - part.Input),
        Math.Max(0, total.Output - part.Output),
        Math.Max(0, total.CacheCreation - part.CacheCreation),
        Math.Max(0, total.CacheRead - part.CacheRead),
        Math.Max(0, total.Reasoning - part.Reasoning));

    public static TokenUsage Sum(IEnumerable<TokenUsage> usages) => usages.Aggregate(TokenUsage.Zero, (sum, usage) => sum + usage);

    private static long Number(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number
            : 0;
}
