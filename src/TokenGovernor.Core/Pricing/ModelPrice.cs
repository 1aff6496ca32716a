namespace TokenGovernor.Core.Pricing;

/// <summary>
/// One model's prices in USD per token, in LiteLLM's terms. A missing price is null and costs nothing.
/// The <c>Above200k</c> prices apply to the tokens of a kind beyond the first 200,000 of one call.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>The per-kind token count past which the <c>Above200k</c> prices apply.</summary>
    public const long TierThreshold = 200_000;

    public double? Input { get; init; }

    public double? Output { get; init; }

    /// <summary>Five-minute cache writes (LiteLLM: <c>cache_creation_input_token_cost</c>).</summary>
    public double? CacheWrite { get; init; }

    /// <summary>One-hour cache writes (LiteLLM: <c>cache_creation_input_token_cost_above_1hr</c>); five-minute price when absent.</summary>
    public double? CacheWrite1h { get; init; }

    public double? CacheRead { get; init; }

    public double? InputAbove200k { get; init; }

    public double? OutputAbove200k { get; init; }

    public double? CacheWriteAbove200k { get; init; }

    public double? CacheWrite1hAbove200k { get; init; }

    public double? CacheReadAbove200k { get; init; }

    /// <summary>Multiplier for calls made in fast mode (<c>usage.speed = "fast"</c>), when the model has one.</summary>
    public double? FastMultiplier { get; init; }

    /// <summary>
    /// The cost of one call: each token kind priced on its own (tiered above 200k), summed input, output,
    /// cache writes, cache reads, in that order, so the floating-point result matches ccusage's.
    /// </summary>
    public double Cost(TokenCounts tokens, bool fast = false)
    {
        var oneHour = Math.Clamp(tokens.CacheCreation1h, 0, Math.Max(0, tokens.CacheCreation));
        var cacheWrite = Tiered(tokens.CacheCreation - oneHour, CacheWrite, CacheWriteAbove200k);
        if (oneHour > 0)
        {
            cacheWrite += Tiered(oneHour, CacheWrite1h ?? CacheWrite, CacheWrite1h is null ? CacheWriteAbove200k : CacheWrite1hAbove200k ?? CacheWriteAbove200k);
        }

        var cost = Tiered(tokens.Input, Input, InputAbove200k) + Tiered(tokens.Output, Output, OutputAbove200k) + cacheWrite
            + Tiered(tokens.CacheRead, CacheRead, CacheReadAbove200k);
        return fast && FastMultiplier is { } multiplier ? cost * multiplier : cost;
    }

    private static double Tiered(long count, double? basePrice, double? abovePrice)
    {
        if (count <= 0)
        {
            return 0;
        }

        if (count > TierThreshold && abovePrice is { } above)
        {
            var cost = (count - TierThreshold) * above;
            return basePrice is { } price ? cost + (TierThreshold * price) : cost;
        }

        return basePrice is { } only ? count * only : 0;
    }
}
