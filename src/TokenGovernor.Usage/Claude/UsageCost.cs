using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage.Claude;

/// <summary>The cost of one log line under a <see cref="CostMode"/> (ccusage's rules).</summary>
internal sealed class UsageCost(CostMode mode, PriceTable prices)
{
    public double Of(in ClaudeLine line, TokenCounts tokens)
    {
        if (mode == CostMode.Display)
        {
            return line.CostUsd ?? 0;
        }

        if (mode == CostMode.Auto && line.CostUsd is { } logged)
        {
            return logged;
        }

        return line.Model is { } model && prices.TryFind(model, out var price) ? price.Cost(tokens, line.Speed == "fast") : 0;
    }
}
