namespace TokenGovernor.Storage.Tests;

/// <summary>Blocks and the graylist live in the database file: another process opening it sees them.</summary>
public sealed class SqliteRunnerHealthTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FixedTimeProvider _time = new(Samples.Start);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_block_and_a_graylist_entry_written_by_one_connection_are_seen_by_another()
    {
        var path = _folder.File(".token-gov", "governor.db");
        await using var writer = await SqliteGovernorStore.OpenAsync(path, _time, CancellationToken.None);
        await using var reader = await SqliteGovernorStore.OpenAsync(path, _time, CancellationToken.None);

        await writer.BlockRunnerAsync(new RunnerBlockRecord("codex", null, Samples.Start.AddMinutes(5), "429", Samples.Start), CancellationToken.None);
        await writer.AddToGraylistAsync(new GraylistRecord("qwen", "mock-model", null, GraylistRecord.Manual, Samples.Start), CancellationToken.None);

        Assert.NotNull(await reader.GetRunnerBlockAsync("codex", null, Samples.Start, CancellationToken.None));
        Assert.True(await reader.IsGraylistedAsync("qwen", "mock-model", CancellationToken.None));
    }
}
