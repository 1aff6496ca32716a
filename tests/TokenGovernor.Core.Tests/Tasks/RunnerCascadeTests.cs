using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Tasks;

public sealed class RunnerCascadeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    private static RunnerProfile Profile(int? tier = null, bool free = false, bool fallbackOnly = false) =>
        new() { Name = "zai", Type = "codex", Tier = tier, Free = free, FallbackOnly = fallbackOnly, SourceFile = "tasks.json" };

    [Fact]
    public void Chain_is_the_runner_then_the_fallbacks_each_once()
    {
        var task = Sample.Task("a") with { Runner = "codex", Fallbacks = ["zai", "codex", "claude", "zai"] };

        Assert.Equal(["codex", "zai", "claude"], RunnerCascade.Chain(task, "gemini"));
    }

    [Fact]
    public void Chain_starts_with_the_default_runner_when_the_task_names_none()
    {
        var task = Sample.Task("a") with { Fallbacks = ["claude"] };

        Assert.Equal(["gemini", "claude"], RunnerCascade.Chain(task, "gemini"));
    }

    [Theory]
    [InlineData("complex", 1, null)]
    [InlineData("complex", 2, "tier 2, a complex task needs tier 1")]
    [InlineData("medium", 2, null)]
    [InlineData("medium", 3, "tier 3, a medium task needs tier 2")]
    [InlineData("simple", 3, null)]
    [InlineData(null, 3, null)]
    public void Tier_filter_follows_the_difficulty(string? difficulty, int tier, string? expected)
    {
        Assert.Equal(expected, RunnerCascade.Excluded(Profile(tier), first: true, difficulty, allowFree: false));
    }

    [Fact]
    public void A_profile_without_a_tier_passes_the_tier_filter()
    {
        Assert.Null(RunnerCascade.Excluded(Profile(), first: true, "complex", allowFree: false));
    }

    [Fact]
    public void Free_profiles_need_allow_free()
    {
        Assert.Equal("free tier (pass --allow-free to use it)", RunnerCascade.Excluded(Profile(free: true), first: false, null, allowFree: false));
        Assert.Null(RunnerCascade.Excluded(Profile(free: true), first: false, null, allowFree: true));
    }

    [Fact]
    public void Fallback_only_profiles_are_never_first()
    {
        Assert.Equal("fallback only", RunnerCascade.Excluded(Profile(fallbackOnly: true), first: true, null, allowFree: false));
        Assert.Null(RunnerCascade.Excluded(Profile(fallbackOnly: true), first: false, null, allowFree: false));
    }

    [Theory]
    [InlineData(AttemptEnd.Succeeded, 0, CascadeStep.Done)]
    [InlineData(AttemptEnd.Failed, 0, CascadeStep.Done)]
    [InlineData(AttemptEnd.Stopped, 0, CascadeStep.Done)]
    [InlineData(AttemptEnd.RateLimited, 0, CascadeStep.NextRunner)]
    [InlineData(AttemptEnd.Connectivity, 0, CascadeStep.NextRunner)]
    [InlineData(AttemptEnd.FalsePositive, 0, CascadeStep.NextRunner)]
    [InlineData(AttemptEnd.ServerError, 0, CascadeStep.RetrySame)]
    [InlineData(AttemptEnd.ServerError, 1, CascadeStep.RetrySame)]
    [InlineData(AttemptEnd.ServerError, 2, CascadeStep.NextRunner)]
    public void Decide_retries_server_errors_then_moves_on(AttemptEnd end, int retriesDone, CascadeStep expected)
    {
        Assert.Equal(expected, RunnerCascade.Decide(end, retriesDone, maxRetries: 2));
    }

    [Fact]
    public void Backoff_doubles_per_retry()
    {
        var delay = TimeSpan.FromSeconds(2);

        Assert.Equal(TimeSpan.FromSeconds(2), RunnerCascade.Backoff(1, delay));
        Assert.Equal(TimeSpan.FromSeconds(4), RunnerCascade.Backoff(2, delay));
        Assert.Equal(TimeSpan.FromSeconds(8), RunnerCascade.Backoff(3, delay));
    }

    [Fact]
    public void Block_lasts_until_the_reset_time_or_the_default_length()
    {
        Assert.Equal(Now.AddMinutes(20), RunnerCascade.BlockedUntil(Now, Now.AddMinutes(20), TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddHours(1), RunnerCascade.BlockedUntil(Now, null, TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddMinutes(1), RunnerCascade.BlockedUntil(Now, Now.AddSeconds(-5), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Trail_names_each_runner_change_once()
    {
        Assert.Equal("codex→zai→claude", RunnerCascade.Trail(["codex", "zai", "zai", "claude"]));
        Assert.Equal("claude", RunnerCascade.Trail(["claude"]));
    }
}
