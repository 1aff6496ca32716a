using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Tests.Governance;

public sealed class PolicyTests
{
    private static readonly BudgetWindow FiveHours = BudgetWindow.Rolling(5);

    private static BudgetLevel Level(BudgetScope scope, long? tokens, long spent, BudgetWindow? window = null, decimal? usd = null, decimal spentUsd = 0m, long reserved = 0) =>
        new(scope, scope.ToWire() + "-1", new Budget(tokens, usd, window ?? BudgetWindow.Total), new Spend(spent, spentUsd), new Spend(reserved, 0m));

    [Theory]
    [InlineData(0, "continue")]
    [InlineData(899, "continue")]
    [InlineData(900, "request-checkpoint")]
    [InlineData(999, "request-checkpoint")]
    [InlineData(1000, "stop")]
    [InlineData(1500, "stop")]
    public void A_task_budget_checkpoints_at_the_threshold_and_stops_at_the_limit(long spent, string expected)
    {
        var outcome = Policy.Decide([Level(BudgetScope.Task, 1000, spent)], Policy.DefaultThreshold);

        Assert.Equal(expected, outcome.Decision.ToWire());
    }

    [Fact]
    public void A_used_up_budget_that_refills_pauses_instead_of_stopping()
    {
        var outcome = Policy.Decide([Level(BudgetScope.Project, 1000, 1000, FiveHours)], 0.9);

        Assert.Equal(PolicyDecision.Pause, outcome.Decision);
    }

    [Fact]
    public void The_strictest_level_wins_and_is_named_as_the_tightest()
    {
        var outcome = Policy.Decide(
            [
                Level(BudgetScope.Task, 10_000, 1_000),
                Level(BudgetScope.Package, 5_000, 4_600),
                Level(BudgetScope.Project, 100_000, 50_000, FiveHours),
            ],
            0.9);

        Assert.Equal(PolicyDecision.RequestCheckpoint, outcome.Decision);
        Assert.Equal(new Headroom(BudgetScope.Package, "package-1", 400, null, 0.92), outcome.Tightest);
    }

    [Fact]
    public void Stop_wins_over_pause_when_a_budget_that_never_refills_is_also_used_up()
    {
        var outcome = Policy.Decide([Level(BudgetScope.Project, 100, 100, FiveHours), Level(BudgetScope.Task, 50, 50)], 0.9);

        Assert.Equal(PolicyDecision.Stop, outcome.Decision);
    }

    [Fact]
    public void A_dollar_limit_counts_as_much_as_a_token_limit()
    {
        var outcome = Policy.Decide([Level(BudgetScope.Project, 1_000_000, 10, usd: 50m, spentUsd: 46m)], 0.9);

        Assert.Equal(PolicyDecision.RequestCheckpoint, outcome.Decision);
        Assert.Equal(4m, outcome.Tightest!.UsdLeft);
    }

    [Fact]
    public void Reservations_count_as_used()
    {
        var outcome = Policy.Decide([Level(BudgetScope.Project, 1000, 500, reserved: 450)], 0.9);

        Assert.Equal(PolicyDecision.RequestCheckpoint, outcome.Decision);
        Assert.Equal(50, outcome.Tightest!.TokensLeft);
    }

    [Fact]
    public void Without_any_limit_the_answer_is_continue_and_nothing_is_tightest()
    {
        var outcome = Policy.Decide([new BudgetLevel(BudgetScope.Task, "t", Budget.Unlimited, new Spend(1_000_000, 99m))], 0.9);

        Assert.Equal(new PolicyOutcome(PolicyDecision.Continue, null), outcome);
    }

    [Fact]
    public void A_lower_threshold_asks_for_the_checkpoint_earlier()
    {
        Assert.Equal(PolicyDecision.RequestCheckpoint, Policy.Decide([Level(BudgetScope.Task, 1000, 700)], 0.7).Decision);
        Assert.Equal(PolicyDecision.Continue, Policy.Decide([Level(BudgetScope.Task, 1000, 700)], 0.75).Decision);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_zero_to_one_is_refused(double threshold)
    {
        Assert.Throws<TokenGovException>(() => Policy.Decide([], threshold));
    }

    [Fact]
    public void An_estimate_fits_only_when_every_level_has_room_for_it()
    {
        BudgetLevel[] levels = [Level(BudgetScope.Task, 5000, 0), Level(BudgetScope.Project, 10_000, 6000, reserved: 1000)];

        Assert.True(Policy.Fits(3000, levels));
        Assert.False(Policy.Fits(3001, levels));
    }

    [Fact]
    public void Only_the_counted_token_kinds_count_against_a_token_budget()
    {
        var usage = new TokenUsage(Input: 100, Output: 50, CacheCreation: 1000, CacheRead: 20_000, Reasoning: 5);
        var all = new Budget(1000, null, BudgetWindow.Total);
        var fresh = all with { Counted = TokenKinds.Input | TokenKinds.Output | TokenKinds.Reasoning };

        Assert.Equal(new Spend(21_155, 0.5m), all.Count(usage, 0.5m));
        Assert.Equal(new Spend(155, 0.5m), fresh.Count(usage, 0.5m));
    }

    [Theory]
    [InlineData("all", TokenKinds.All)]
    [InlineData("input,output", TokenKinds.Input | TokenKinds.Output)]
    [InlineData("input, cache-read ,reasoning", TokenKinds.Input | TokenKinds.CacheRead | TokenKinds.Reasoning)]
    public void Counted_kinds_read_from_their_names(string text, TokenKinds expected)
    {
        Assert.True(TokenKindNames.TryParse(text, out var kinds));
        Assert.Equal(expected, kinds);
        Assert.Equal(expected, TokenKindNames.Parse(kinds.ToWire()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tokens")]
    [InlineData("input,bogus")]
    public void Unknown_token_kinds_are_refused(string text) => Assert.False(TokenKindNames.TryParse(text, out _));
}
