using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Planning;

public sealed class CycleFinderTests
{
    private static List<TaskDefinition> Line(int length) =>
        [.. Enumerable.Range(0, length).Select(i => Sample.Task($"t{i}", 1, i + 1 < length ? [$"t{i + 1}"] : []))];

    [Fact]
    public void Cycle_lists_tasks_in_depends_on_order()
    {
        var cycles = CycleFinder.Find([Sample.Task("a", 1, "b"), Sample.Task("b", 1, "c"), Sample.Task("c", 1, "a")]);

        Assert.Equal(["a", "b", "c"], Sample.Ids(Assert.Single(cycles)));
    }

    [Fact]
    public void Cycle_reached_through_a_task_outside_it_leaves_that_task_out()
    {
        var cycles = CycleFinder.Find([Sample.Task("entry", 1, "a"), Sample.Task("a", 1, "b"), Sample.Task("b", 1, "a")]);

        Assert.Equal(["a", "b"], Sample.Ids(Assert.Single(cycles)));
    }

    [Fact]
    public void Diamond_is_not_a_cycle()
    {
        var cycles = CycleFinder.Find([
            Sample.Task("top", 1, "left", "right"),
            Sample.Task("left", 1, "bottom"),
            Sample.Task("right", 1, "bottom"),
            Sample.Task("bottom"),
        ]);

        Assert.Empty(cycles);
    }

    [Fact]
    public void Dependencies_on_unknown_tasks_are_ignored()
    {
        Assert.Empty(CycleFinder.Find([Sample.Task("a", 1, "nowhere"), Sample.Task("b", 1, "a")]));
    }

    [Fact]
    public void Chain_of_twenty_thousand_tasks_does_not_overflow_the_stack()
    {
        Assert.Empty(CycleFinder.Find(Line(20_000)));
    }

    [Fact]
    public void Cycle_closing_a_chain_of_twenty_thousand_tasks_is_found_whole()
    {
        var tasks = Line(20_000);
        tasks[^1] = Sample.Task(tasks[^1].Id, 1, "t0");

        var cycle = Assert.Single(CycleFinder.Find(tasks));
        Assert.Equal(20_000, cycle.Count);
        Assert.Equal("t0", cycle[0].Id);
        Assert.Equal("t19999", cycle[^1].Id);
    }
}
