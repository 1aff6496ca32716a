using TokenGovernor.Engine.Execution;

namespace TokenGovernor.Engine.Tests.Execution;

public sealed class RunIdsTests : IDisposable
{
    private static readonly DateTimeOffset Instant = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Ids_created_at_the_same_instant_are_all_different_and_each_has_its_folder()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => RunIds.CreateRunDirectory(_scratch.Path, Instant)).ToList();

        Assert.Equal(200, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(Directory.Exists(Path.Combine(_scratch.Path, id)), id));
        Assert.Equal(200, Directory.GetDirectories(_scratch.Path).Length);
    }

    [Fact]
    public void An_id_starts_with_the_utc_time_to_the_millisecond()
    {
        var local = new DateTimeOffset(2025, 3, 14, 17, 9, 26, 535, TimeSpan.FromHours(2));

        var id = RunIds.CreateRunDirectory(_scratch.Path, local);

        Assert.StartsWith("20250314-150926-535", id);
    }

    [Fact]
    public void An_id_created_a_millisecond_later_sorts_after_every_earlier_one()
    {
        var earlier = Enumerable.Range(0, 50).Select(_ => RunIds.CreateRunDirectory(_scratch.Path, Instant)).ToList();

        var later = RunIds.CreateRunDirectory(_scratch.Path, Instant.AddMilliseconds(1));

        Assert.All(earlier, id => Assert.True(string.CompareOrdinal(id, later) < 0, $"{id} should sort before {later}"));
    }

    [Fact]
    public void Ids_sort_by_time_across_a_second_and_a_day_boundary()
    {
        var times = new[] { Instant, Instant.AddMilliseconds(465), Instant.AddHours(9), Instant.AddDays(1) };

        var ids = times.Select(time => RunIds.CreateRunDirectory(_scratch.Path, time)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_runs_folder_is_created_when_it_does_not_exist_yet()
    {
        var runs = _scratch.File("state/runs");

        var id = RunIds.CreateRunDirectory(runs, Instant);

        Assert.True(Directory.Exists(Path.Combine(runs, id)));
    }
}
