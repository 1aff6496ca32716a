using TokenGovernor.Core.Governance;
using static TokenGovernor.Storage.Tests.GovernanceSamples;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    [Fact]
    public async Task A_saved_checkpoint_reads_back_and_marks_the_task_saved()
    {
        await RegisterTaskAsync();
        await Store.StartAgentAsync(Agent(), Ct);
        var first = new CheckpointRecord("task-1", "agent-1", Samples.Start, "task budget 90% used", "session-1", "token-gov/checkpoint/task-1/1", "Committed the parser.");
        var second = first with { At = Samples.Start.AddHours(1), AgentId = null, GitRef = null, Summary = null };

        await Store.SaveCheckpointAsync(first, Ct);
        await Store.SaveCheckpointAsync(second, Ct);

        Assert.Equal([first, second], await Store.ListCheckpointsAsync("task-1", Ct));
        Assert.Equal(CheckpointState.Saved, (await Store.GetTaskAsync("task-1", Ct))!.Checkpoint);
        Assert.Empty(await Store.ListCheckpointsAsync("other", Ct));
    }

    [Fact]
    public async Task A_project_s_checkpoints_read_back_in_one_list_by_task_and_no_other_project_s()
    {
        await RegisterTaskAsync();
        await Store.CreateTaskAsync(Task("task-2"), Ct);
        await Store.CreateProjectAsync(Project("proj-other", "other"), Ct);
        await Store.CreateTaskAsync(Task("elsewhere", packageId: null, projectId: "proj-other"), Ct);
        var late = new CheckpointRecord("task-2", null, Samples.Start.AddHours(2), "task budget 90% used", null, null, null);
        var early = late with { TaskId = "task-1", At = Samples.Start };
        var again = early with { At = Samples.Start.AddHours(3), Summary = "Second." };
        var other = late with { TaskId = "elsewhere" };
        foreach (var checkpoint in new[] { late, early, other, again })
        {
            await Store.SaveCheckpointAsync(checkpoint, Ct);
        }

        Assert.Equal([early, again, late], await Store.ListProjectCheckpointsAsync(ProjectId, Ct));
        Assert.Equal([other], await Store.ListProjectCheckpointsAsync("proj-other", Ct));
        Assert.Equal(4, (await Store.ListProjectCheckpointsAsync(null, Ct)).Count);
        Assert.Empty(await Store.ListProjectCheckpointsAsync("nobody", Ct));
    }

    [Fact]
    public async Task A_checkpoint_of_an_unknown_task_is_refused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.SaveCheckpointAsync(new CheckpointRecord("ghost", null, Samples.Start, "why", null, null, null), Ct));
    }

    [Fact]
    public async Task When_a_paused_task_resumes_is_kept_until_cleared()
    {
        await RegisterTaskAsync();
        var at = Samples.Start.AddHours(5);

        Assert.True(await Store.SetResumesAtAsync("task-1", at, Ct));
        Assert.Equal(at, (await Store.GetTaskAsync("task-1", Ct))!.ResumesAt);
        Assert.Equal(at, (await Store.ListTasksAsync(new TaskQuery(), Ct)).Single().ResumesAt);
        Assert.True(await Store.SetResumesAtAsync("task-1", null, Ct));
        Assert.Null((await Store.GetTaskAsync("task-1", Ct))!.ResumesAt);
        Assert.False(await Store.SetResumesAtAsync("ghost", at, Ct));
    }

    [Fact]
    public async Task Threshold_observations_are_kept_per_complexity_class_in_order()
    {
        await RegisterTaskAsync();
        var first = new ThresholdObservation("task-1", ComplexityClass.Complex, 0.9, 0.9, 1.0, Samples.Start);
        var second = new ThresholdObservation("task-1", ComplexityClass.Simple, 0.85, 0.851, 0.93, Samples.Start.AddMinutes(1));
        var third = first with { Threshold = 0.85, At = Samples.Start.AddMinutes(2) };

        foreach (var observation in new[] { first, second, third })
        {
            await Store.RecordThresholdObservationAsync(observation, Ct);
        }

        Assert.Equal([first, third], await Store.ListThresholdObservationsAsync(ComplexityClass.Complex, Ct));
        Assert.Equal([first, second, third], await Store.ListThresholdObservationsAsync(null, Ct));
    }

    [Fact]
    public async Task Grace_and_start_rate_settings_read_back_and_default_when_never_set()
    {
        Assert.Equal(GovernorConfig.Default, await Store.GetGovernorConfigAsync(Ct));
        var config = new GovernorConfig(0.8, true) { GraceTokens = 500, GraceSeconds = 7, StartsPerMinute = 3 };

        await Store.SaveGovernorConfigAsync(config, Samples.Start, Ct);

        Assert.Equal(config, await Store.GetGovernorConfigAsync(Ct));
    }
}
