using TokenGovernor.Core.Planning;

namespace TokenGovernor.Core.Tests.Planning;

public sealed class DagSchedulerTests
{
    [Fact]
    public void Order_puts_every_task_after_its_dependencies()
    {
        var order = DagScheduler.Order([
            Sample.Task("deploy", 1, "test"),
            Sample.Task("test", 1, "build", "lint"),
            Sample.Task("build"),
            Sample.Task("lint"),
        ]);

        Assert.Equal(["build", "lint", "test", "deploy"], Sample.Ids(order));
    }

    [Fact]
    public void Lower_priority_number_starts_first_among_ready_tasks()
    {
        var order = DagScheduler.Order([Sample.Task("later", 3), Sample.Task("first", 1), Sample.Task("second", 2)]);

        Assert.Equal(["first", "second", "later"], Sample.Ids(order));
    }

    [Fact]
    public void Task_that_becomes_ready_later_still_goes_before_a_waiting_lower_priority_task()
    {
        var order = DagScheduler.Order([Sample.Task("a", 1), Sample.Task("c", 2), Sample.Task("b", 1, "a")]);

        Assert.Equal(["a", "b", "c"], Sample.Ids(order));
    }

    [Fact]
    public void Newly_ready_urgent_task_is_taken_before_an_already_ready_one()
    {
        var scheduler = new DagScheduler([Sample.Task("a", 1), Sample.Task("c", 2), Sample.Task("b", 1, "a")]);

        Assert.Equal("a", scheduler.TryTake(_ => true)?.Id);
        Assert.Equal(["c"], Sample.Ids(scheduler.Ready));
        scheduler.Complete("a");

        Assert.Equal(["b", "c"], Sample.Ids(scheduler.Ready));
        Assert.Equal("b", scheduler.TryTake(_ => true)?.Id);
    }

    [Fact]
    public void Tasks_of_equal_priority_keep_file_order()
    {
        var order = DagScheduler.Order([Sample.Task("m", 2), Sample.Task("b", 2), Sample.Task("z", 2), Sample.Task("a", 2)]);

        Assert.Equal(["m", "b", "z", "a"], Sample.Ids(order));
    }

    [Fact]
    public void Only_tasks_without_pending_dependencies_are_ready_at_first()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b", 1, "a"), Sample.Task("c")]);

        Assert.Equal(2, scheduler.ReadyCount);
        Assert.Equal(["a", "c"], Sample.Ids(scheduler.Ready));
        Assert.False(scheduler.IsFinished);
    }

    [Fact]
    public void Task_waits_until_every_dependency_completes()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b"), Sample.Task("c", 1, "a", "b")]);
        scheduler.TryTake(_ => true);
        scheduler.TryTake(_ => true);

        scheduler.Complete("a");
        Assert.Null(scheduler.TryTake(_ => true));

        scheduler.Complete("b");
        Assert.Equal("c", scheduler.TryTake(_ => true)?.Id);
    }

    [Fact]
    public void Dependency_listed_twice_is_waited_for_once()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b", 1, "a", "a")]);
        scheduler.TryTake(_ => true);

        scheduler.Complete("a");

        Assert.Equal("b", scheduler.TryTake(_ => true)?.Id);
    }

    [Fact]
    public void Scheduler_is_finished_when_every_task_completed()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b", 1, "a")]);
        scheduler.Complete(scheduler.TryTake(_ => true)!.Id);
        Assert.False(scheduler.IsFinished);

        scheduler.Complete(scheduler.TryTake(_ => true)!.Id);

        Assert.True(scheduler.IsFinished);
        Assert.Null(scheduler.TryTake(_ => true));
    }

    [Fact]
    public void Take_skips_a_task_the_caller_cannot_start_and_leaves_it_ready()
    {
        var scheduler = new DagScheduler([Sample.Task("busy-repo", 1), Sample.Task("other", 2)]);

        var taken = scheduler.TryTake(task => task.Id != "busy-repo");

        Assert.Equal("other", taken?.Id);
        Assert.Equal(["busy-repo"], Sample.Ids(scheduler.Ready));
        Assert.Equal("busy-repo", scheduler.TryTake(_ => true)?.Id);
    }

    [Fact]
    public void Take_returns_nothing_when_no_ready_task_is_accepted()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b")]);

        Assert.Null(scheduler.TryTake(_ => false));
        Assert.Equal(2, scheduler.ReadyCount);
    }

    [Fact]
    public void Fail_skips_exactly_the_transitive_dependents()
    {
        var scheduler = new DagScheduler([
            Sample.Task("base"),
            Sample.Task("api", 1, "base"),
            Sample.Task("web", 1, "base"),
            Sample.Task("e2e", 1, "api", "web"),
            Sample.Task("release", 1, "e2e"),
            Sample.Task("docs"),
            Sample.Task("docs-site", 1, "docs"),
        ]);
        Assert.Equal("base", scheduler.TryTake(_ => true)?.Id);

        var skipped = scheduler.Fail("base");

        Assert.Equal(["api", "e2e", "release", "web"], Sample.Ids(skipped).Order(StringComparer.Ordinal));
        Assert.Equal(["docs"], Sample.Ids(scheduler.Ready));
    }

    [Fact]
    public void Fail_leaves_tasks_already_running_alone()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("running"), Sample.Task("b", 1, "a")]);
        Assert.Equal("a", scheduler.TryTake(_ => true)?.Id);
        Assert.Equal("running", scheduler.TryTake(_ => true)?.Id);

        var skipped = scheduler.Fail("a");

        Assert.Equal(["b"], Sample.Ids(skipped));
        Assert.False(scheduler.IsFinished);
        scheduler.Complete("running");
        Assert.True(scheduler.IsFinished);
    }

    [Fact]
    public void Fail_does_not_skip_a_dependent_that_already_started()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b", 1, "a"), Sample.Task("c", 1, "b")]);
        scheduler.Complete(scheduler.TryTake(_ => true)!.Id);
        Assert.Equal("b", scheduler.TryTake(_ => true)?.Id);

        // Whatever reports a late failure of a, b is already running and must not be listed as skipped.
        Assert.Empty(scheduler.Fail("a"));
        scheduler.Complete("b");
        Assert.Equal("c", scheduler.TryTake(_ => true)?.Id);
    }

    [Fact]
    public void Fail_skips_a_task_reached_by_two_paths_once()
    {
        var scheduler = new DagScheduler([Sample.Task("a"), Sample.Task("b", 1, "a"), Sample.Task("c", 1, "a"), Sample.Task("d", 1, "b", "c")]);
        scheduler.TryTake(_ => true);

        var skipped = scheduler.Fail("a");

        Assert.Single(skipped, task => task.Id == "d");
        Assert.Equal(3, skipped.Count);
        Assert.True(scheduler.IsFinished);
    }

    [Fact]
    public void Drain_ends_every_task_not_started_in_priority_order()
    {
        var scheduler = new DagScheduler([
            Sample.Task("running", 1),
            Sample.Task("ready-late", 3),
            Sample.Task("ready-soon", 2),
            Sample.Task("waiting", 1, "running"),
        ]);
        Assert.Equal("running", scheduler.TryTake(_ => true)?.Id);

        var drained = scheduler.DrainUnstarted();

        Assert.Equal(["waiting", "ready-soon", "ready-late"], Sample.Ids(drained));
        Assert.Equal(0, scheduler.ReadyCount);
        Assert.False(scheduler.IsFinished);
    }

    [Fact]
    public void Completing_a_running_task_after_a_drain_releases_nothing()
    {
        var scheduler = new DagScheduler([Sample.Task("running"), Sample.Task("waiting", 1, "running")]);
        scheduler.TryTake(_ => true);
        scheduler.DrainUnstarted();

        scheduler.Complete("running");

        Assert.Null(scheduler.TryTake(_ => true));
        Assert.True(scheduler.IsFinished);
    }

    [Fact]
    public void Satisfied_dependency_counts_as_met_from_the_start()
    {
        var scheduler = new DagScheduler([Sample.Task("b", 1, "done-earlier")], new HashSet<string> { "done-earlier" });

        Assert.Equal(["b"], Sample.Ids(scheduler.Ready));
    }

    [Fact]
    public void Unknown_dependency_that_is_not_satisfied_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DagScheduler([Sample.Task("b", 1, "ghost")], new HashSet<string> { "other" }));

        Assert.Contains("task b depends on ghost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_chain_is_ordered_end_to_end()
    {
        var tasks = Enumerable.Range(0, 20_000).Select(i => Sample.Task($"t{i}", 1, i == 0 ? [] : [$"t{i - 1}"])).Reverse().ToList();

        var order = DagScheduler.Order(tasks);

        Assert.Equal(20_000, order.Count);
        Assert.Equal("t0", order[0].Id);
        Assert.Equal("t19999", order[^1].Id);
    }
}
