using System.Text;
using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Core.Tests.Pricing;

public sealed class PriceTableTests
{
    private static PriceTable Table(string json) => PriceTable.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Built_in_table_prices_claude_sonnet_4_5_like_ccusage_offline()
    {
        Assert.True(PriceTable.LoadDefault().TryFind("claude-sonnet-4-5-20250929", out var price));
        Assert.Equal(3e-6, price.Input);
        Assert.Equal(15e-6, price.Output);
        Assert.Equal(3.75e-6, price.CacheWrite);
        Assert.Equal(3e-7, price.CacheRead);
        Assert.Equal(6e-6, price.CacheWrite1h);
    }

    [Fact]
    public void Built_in_table_holds_codex_models()
    {
        Assert.True(PriceTable.LoadDefault().TryFind("gpt-5-codex", out var price));
        Assert.Equal(1.25e-6, price.Input);
        Assert.Equal(1.25e-7, price.CacheRead);
    }

    [Fact]
    public void A_model_is_found_under_a_provider_prefix()
    {
        var table = Table("""{"anthropic/claude-x": {"input_cost_per_token": 1}, "claude-y": {"input_cost_per_token": 2}}""");
        Assert.True(table.TryFind("claude-x", out var prefixed));
        Assert.Equal(1, prefixed.Input);
        Assert.True(table.TryFind("y", out var claudePrefixed));
        Assert.Equal(2, claudePrefixed.Input);
    }

    [Fact]
    public void Fuzzy_matching_takes_the_first_key_in_file_order_either_way_round()
    {
        var table = Table("""{"model-long-name": {"input_cost_per_token": 1}, "model-long": {"input_cost_per_token": 2}}""");
        Assert.True(table.TryFind("MODEL-LONG-NAME-2025", out var contains));
        Assert.Equal(1, contains.Input);
        Assert.True(table.TryFind("long", out var contained));
        Assert.Equal(1, contained.Input);
        Assert.False(table.TryFind("other", out _));
    }

    [Fact]
    public void Tokens_beyond_200k_of_one_kind_use_the_tiered_price()
    {
        var price = new ModelPrice { Input = 3e-6, InputAbove200k = 6e-6, Output = 15e-6 };
        Assert.Equal((100_000 * 6e-6) + (200_000 * 3e-6), price.Cost(new TokenCounts(300_000, 0, 0, 0)));
        Assert.Equal(200_000 * 3e-6, price.Cost(new TokenCounts(200_000, 0, 0, 0)));
        Assert.Equal(0, price.Cost(new TokenCounts(-5, 0, 0, 0)));
    }

    [Fact]
    public void One_hour_cache_writes_cost_their_own_price_and_five_minute_writes_the_base_one()
    {
        var price = new ModelPrice { CacheWrite = 3.75e-6, CacheWrite1h = 6e-6 };
        Assert.Equal((600 * 3.75e-6) + (400 * 6e-6), price.Cost(new TokenCounts(0, 0, 1000, 0, CacheCreation1h: 400)));
        Assert.Equal(1000 * 3.75e-6, price.Cost(new TokenCounts(0, 0, 1000, 0)));
    }

    [Fact]
    public void Fast_mode_multiplies_the_cost_when_the_model_has_a_fast_price()
    {
        Assert.True(PriceTable.LoadDefault().TryFind("claude-opus-4-6", out var price));
        var tokens = new TokenCounts(1000, 1000, 0, 0);
        Assert.Equal(price.Cost(tokens) * 6, price.Cost(tokens, fast: true));
    }

    [Fact]
    public void Entries_with_non_numeric_prices_are_left_out()
    {
        var table = Table("""{"sample_spec": {"max_tokens": "set to max_output_tokens"}, "m": {"input_cost_per_token": 1}}""");
        Assert.Equal(["m"], table.Models);
    }

    [Fact]
    public void A_price_file_that_is_not_json_is_an_input_error()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ not json");
        try
        {
            var error = Assert.Throws<TokenGovException>(() => PriceTable.Load(path));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
