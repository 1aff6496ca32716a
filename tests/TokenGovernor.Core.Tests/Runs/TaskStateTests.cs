using TokenGovernor.Core.Runs;

namespace TokenGovernor.Core.Tests.Runs;

public sealed class TaskStateTests
{
    public static TheoryData<TaskState> EveryState => [.. Enum.GetValues<TaskState>()];

    [Theory]
    [InlineData(TaskState.Pending, "pending")]
    [InlineData(TaskState.Running, "running")]
    [InlineData(TaskState.Checkpointing, "checkpointing")]
    [InlineData(TaskState.Completed, "completed")]
    [InlineData(TaskState.Cancelled, "cancelled")]
    [InlineData(TaskState.RateLimited, "rate-limited")]
    public void State_is_written_in_kebab_case(TaskState state, string wire)
    {
        Assert.Equal(wire, state.ToWire());
    }

    [Theory]
    [MemberData(nameof(EveryState))]
    public void Every_state_reads_back_from_its_wire_name(TaskState state)
    {
        Assert.Equal(state, TaskStates.Parse(state.ToWire()));
    }

    [Fact]
    public void Wire_names_are_distinct()
    {
        var names = Enum.GetValues<TaskState>().Select(state => state.ToWire()).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("RateLimited")]
    [InlineData("rate_limited")]
    [InlineData("Completed")]
    [InlineData("")]
    public void Name_that_is_not_a_wire_name_is_refused(string wire)
    {
        Assert.False(TaskStates.TryParse(wire, out _));
        var error = Assert.Throws<FormatException>(() => TaskStates.Parse(wire));
        Assert.Equal($"'{wire}' is not a task state", error.Message);
    }

    [Fact]
    public void Missing_name_is_refused()
    {
        Assert.False(TaskStates.TryParse(null, out _));
    }

    [Fact]
    public void Terminal_states_are_those_a_task_cannot_leave_within_a_run()
    {
        var terminal = Enum.GetValues<TaskState>().Where(state => state.IsTerminal());

        Assert.Equal(
            [TaskState.Completed, TaskState.Failed, TaskState.Skipped, TaskState.Cancelled, TaskState.RateLimited],
            terminal);
    }
}
