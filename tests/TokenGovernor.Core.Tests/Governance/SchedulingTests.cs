using TokenGovernor.Core.Governance;

namespace TokenGovernor.Core.Tests.Governance;

public sealed class SchedulingTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Resume_order_is_tier_then_priority_then_age()
    {
        var order = ResumeOrder.Order(
        [
            new ResumeCandidate("low-tier", 2, 0, T0.AddHours(-5)),
            new ResumeCandidate("young", 1, 1, T0),
            new ResumeCandidate("urgent", 1, 0, T0.AddMinutes(30)),
            new ResumeCandidate("old", 1, 1, T0.AddHours(-1)),
        ]);

        Assert.Equal(["urgent", "old", "young", "low-tier"], order.Select(candidate => candidate.TaskId));
    }

    [Fact]
    public void The_start_rate_limit_allows_so_many_starts_in_any_sliding_minute()
    {
        var limit = new StartRateLimit(2);
        limit.Started(T0);
        limit.Started(T0.AddSeconds(10));

        Assert.False(limit.CanStart(T0.AddSeconds(30)));
        Assert.Equal(T0.AddMinutes(1), limit.NextStart(T0.AddSeconds(30)));
        Assert.True(limit.CanStart(T0.AddMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartRateLimit(0));
    }

    [Fact]
    public void Without_observations_the_configured_threshold_holds()
    {
        Assert.Equal(0.9, AdaptiveThreshold.For(0.9, []));
    }

    [Fact]
    public void The_learned_threshold_leaves_room_for_the_largest_recent_overshoot_and_a_margin()
    {
        var inside = new ThresholdObservation("a", ComplexityClass.Complex, 0.9, 0.9, 0.95, T0);
        var further = inside with { TaskId = "b", StoppedFraction = 0.98, At = T0.AddMinutes(1) };

        Assert.Equal(1 - 0.08 - AdaptiveThreshold.Margin, AdaptiveThreshold.For(0.9, [inside, further]), 6);
    }

    [Fact]
    public void A_stop_at_the_limit_lowers_the_threshold_below_the_one_in_use_and_never_below_the_floor()
    {
        var atLimit = new ThresholdObservation("a", ComplexityClass.Simple, 0.9, 0.91, 1.0, T0);
        var wild = new ThresholdObservation("b", ComplexityClass.Simple, 0.9, 0.1, 1.5, T0);

        Assert.Equal(0.85, AdaptiveThreshold.For(0.9, [atLimit]), 6);
        Assert.Equal(AdaptiveThreshold.Floor, AdaptiveThreshold.For(0.9, [wild]));
        Assert.Equal(0.7, AdaptiveThreshold.For(0.7, [atLimit]), 6);
    }
}
