namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    private static RunnerBlockRecord Block(string runner, string? model, int minutes, string reason = "429") =>
        new(runner, model, Samples.Start.AddMinutes(minutes), reason, Samples.Start);

    [Fact]
    public async Task A_blocked_runner_stays_blocked_until_its_reset_time_and_no_longer()
    {
        await Store.BlockRunnerAsync(Block("codex", null, 30), Ct);

        Assert.Equal(Block("codex", null, 30), await Store.GetRunnerBlockAsync("codex", "gpt-5.5", Samples.Start.AddMinutes(29), Ct));
        Assert.Null(await Store.GetRunnerBlockAsync("codex", "gpt-5.5", Samples.Start.AddMinutes(30), Ct));
        Assert.Null(await Store.GetRunnerBlockAsync("claude", null, Samples.Start, Ct));
    }

    [Fact]
    public async Task A_model_block_stops_only_that_model_and_the_longer_of_two_blocks_wins()
    {
        await Store.BlockRunnerAsync(Block("zai", "glm-4.6", 60, "quota"), Ct);
        await Store.BlockRunnerAsync(Block("zai", null, 10), Ct);

        Assert.Equal(Block("zai", "glm-4.6", 60, "quota"), await Store.GetRunnerBlockAsync("zai", "glm-4.6", Samples.Start, Ct));
        Assert.Equal(Block("zai", null, 10), await Store.GetRunnerBlockAsync("zai", "glm-4.5", Samples.Start, Ct));
        Assert.Null(await Store.GetRunnerBlockAsync("zai", "glm-4.5", Samples.Start.AddMinutes(11), Ct));
    }

    [Fact]
    public async Task Blocking_again_never_shortens_a_block()
    {
        await Store.BlockRunnerAsync(Block("gemini", null, 60, "daily quota"), Ct);
        await Store.BlockRunnerAsync(Block("gemini", null, 1, "per-minute limit"), Ct);

        Assert.Equal(Block("gemini", null, 60, "daily quota"), Assert.Single(await Store.ListRunnerBlocksAsync(Samples.Start, Ct)));

        await Store.BlockRunnerAsync(Block("gemini", null, 90, "longer"), Ct);
        Assert.Equal(Samples.Start.AddMinutes(90), (await Store.GetRunnerBlockAsync("gemini", null, Samples.Start, Ct))!.BlockedUntil);
    }

    [Fact]
    public async Task Listing_shows_blocks_in_force_and_clearing_lifts_them_by_runner_or_all()
    {
        await Store.BlockRunnerAsync(Block("qwen", null, 5), Ct);
        await Store.BlockRunnerAsync(Block("codex", "gpt-5.5", 5), Ct);
        await Store.BlockRunnerAsync(Block("codex", null, 5), Ct);
        await Store.BlockRunnerAsync(Block("old", null, -5), Ct);

        Assert.Equal([("codex", null), ("codex", "gpt-5.5"), ("qwen", null)],
            (await Store.ListRunnerBlocksAsync(Samples.Start, Ct)).Select(block => (block.Runner, block.Model)));
        Assert.Equal(2, await Store.ClearRunnerBlocksAsync("codex", Ct));
        Assert.Equal(2, await Store.ClearRunnerBlocksAsync(null, Ct));
        Assert.Empty(await Store.ListRunnerBlocksAsync(Samples.Start.AddMinutes(-10), Ct));
    }

    [Fact]
    public async Task A_graylist_entry_is_kept_once_and_reads_back_with_every_field()
    {
        var entry = new GraylistRecord("opencode", "mock/mock-model", "exit 0 without doing anything", GraylistRecord.Automatic, Samples.Start);

        Assert.True(await Store.AddToGraylistAsync(entry, Ct));
        Assert.False(await Store.AddToGraylistAsync(entry with { Reason = "again", AddedAt = Samples.Start.AddHours(1) }, Ct));

        Assert.Equal(entry, Assert.Single(await Store.ListGraylistAsync(Ct)));
    }

    [Fact]
    public async Task The_graylist_is_model_aware_a_runner_wide_entry_covers_every_model()
    {
        await Store.AddToGraylistAsync(new GraylistRecord("codex", "gpt-5.1-codex", null, GraylistRecord.Manual, Samples.Start), Ct);
        await Store.AddToGraylistAsync(new GraylistRecord("cline", null, null, GraylistRecord.Manual, Samples.Start), Ct);

        Assert.True(await Store.IsGraylistedAsync("codex", "gpt-5.1-codex", Ct));
        Assert.False(await Store.IsGraylistedAsync("codex", "gpt-5.5", Ct));
        Assert.False(await Store.IsGraylistedAsync("codex", null, Ct));
        Assert.True(await Store.IsGraylistedAsync("cline", "anthropic/claude-sonnet-4-5", Ct));
        Assert.True(await Store.IsGraylistedAsync("cline", null, Ct));
    }

    [Fact]
    public async Task Removing_takes_out_exactly_one_runner_and_model_and_clearing_empties_the_list()
    {
        await Store.AddToGraylistAsync(new GraylistRecord("codex", "gpt-5.1-codex", null, GraylistRecord.Manual, Samples.Start), Ct);
        await Store.AddToGraylistAsync(new GraylistRecord("codex", null, null, GraylistRecord.Manual, Samples.Start), Ct);
        await Store.AddToGraylistAsync(new GraylistRecord("qwen", null, null, GraylistRecord.Automatic, Samples.Start), Ct);

        Assert.False(await Store.RemoveFromGraylistAsync("codex", "gpt-5.5", Ct));
        Assert.True(await Store.RemoveFromGraylistAsync("codex", null, Ct));
        Assert.Equal([("codex", "gpt-5.1-codex"), ("qwen", null)], (await Store.ListGraylistAsync(Ct)).Select(entry => (entry.Runner, entry.Model)));
        Assert.Equal(2, await Store.ClearGraylistAsync(Ct));
        Assert.Empty(await Store.ListGraylistAsync(Ct));
    }
}
