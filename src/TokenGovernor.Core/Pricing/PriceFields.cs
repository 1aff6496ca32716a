using System.Text.Json;

namespace TokenGovernor.Core.Pricing;

/// <summary>Reads one model's entry of a LiteLLM price file.</summary>
internal static class PriceFields
{
    // Fields that must be numbers when present; an entry breaking this is not a model price (e.g. LiteLLM's "sample_spec").
    private static readonly string[] Numeric =
    [
        "input_cost_per_token", "output_cost_per_token", "cache_creation_input_token_cost", "cache_read_input_token_cost",
        "max_tokens", "max_input_tokens", "max_output_tokens",
        "input_cost_per_token_above_200k_tokens", "output_cost_per_token_above_200k_tokens",
        "cache_creation_input_token_cost_above_200k_tokens", "cache_read_input_token_cost_above_200k_tokens",
        "input_cost_per_token_above_128k_tokens", "output_cost_per_token_above_128k_tokens",
    ];

    public static ModelPrice? TryRead(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in Numeric)
        {
            if (entry.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Number)
            {
                return null;
            }
        }

        double? fast = null;
        if (entry.TryGetProperty("provider_specific_entry", out var specific))
        {
            if (specific.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            fast = Number(specific, "fast");
        }

        return new ModelPrice
        {
            Input = Number(entry, "input_cost_per_token"),
            Output = Number(entry, "output_cost_per_token"),
            CacheWrite = Number(entry, "cache_creation_input_token_cost"),
            CacheWrite1h = Number(entry, "cache_creation_input_token_cost_above_1hr"),
            CacheRead = Number(entry, "cache_read_input_token_cost"),
            InputAbove200k = Number(entry, "input_cost_per_token_above_200k_tokens"),
            OutputAbove200k = Number(entry, "output_cost_per_token_above_200k_tokens"),
            CacheWriteAbove200k = Number(entry, "cache_creation_input_token_cost_above_200k_tokens"),
            CacheWrite1hAbove200k = Number(entry, "cache_creation_input_token_cost_above_1hr_above_200k_tokens"),
            CacheReadAbove200k = Number(entry, "cache_read_input_token_cost_above_200k_tokens"),
            FastMultiplier = fast,
        };
    }

    private static double? Number(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
