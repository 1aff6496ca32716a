using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using static TokenGovernor.Storage.Tests.GovernanceSamples;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    [Fact]
    public async Task A_registered_project_reads_back_by_id_and_by_name_with_its_whole_budget()
    {
        await Store.CreateProjectAsync(Project(), Ct);

        Assert.Equal(Project(), await Store.FindProjectAsync(ProjectId, Ct));
        Assert.Equal(Project(), await Store.FindProjectAsync("checkout", Ct));
        Assert.Null(await Store.FindProjectAsync("no-such-project", Ct));
    }

    [Fact]
    public async Task A_project_id_or_name_cannot_be_registered_twice()
    {
        await Store.CreateProjectAsync(Project(), Ct);

        var sameName = await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateProjectAsync(Project(id: "other-id"), Ct));
        var sameId = await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateProjectAsync(Project(name: "other"), Ct));

        Assert.Contains("named 'checkout'", sameName.Message);
        Assert.Contains($"id '{ProjectId}'", sameId.Message);
        Assert.Single(await Store.ListProjectsAsync(Ct));
    }

    [Fact]
    public async Task Projects_list_by_name_and_a_new_budget_replaces_the_old_one()
    {
        await Store.CreateProjectAsync(Project(id: "b", name: "zeta"), Ct);
        await Store.CreateProjectAsync(Project(id: "a", name: "alpha"), Ct);
        var raised = new Budget(3_000_000, null, BudgetWindow.Rolling(5));

        Assert.True(await Store.UpdateProjectBudgetAsync("b", raised, Samples.Start.AddHours(1), Ct));
        Assert.False(await Store.UpdateProjectBudgetAsync("nope", raised, Samples.Start, Ct));

        var projects = await Store.ListProjectsAsync(Ct);
        Assert.Equal(["alpha", "zeta"], projects.Select(project => project.Name));
        Assert.Equal(raised, projects[1].Budget);
        Assert.Equal(Samples.Start.AddHours(1), projects[1].UpdatedAt);
    }

    [Fact]
    public async Task A_package_reads_back_by_id_or_name_and_its_name_is_unique_within_its_project()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreateProjectAsync(Project(id: "p2", name: "search"), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreatePackageAsync(Package(id: "pkg-2", projectId: "p2"), Ct);

        Assert.Equal([Package()], await Store.FindPackagesAsync("pkg-1", null, Ct));
        Assert.Equal(2, (await Store.FindPackagesAsync("payments", null, Ct)).Count);
        Assert.Equal("pkg-2", Assert.Single(await Store.FindPackagesAsync("payments", "p2", Ct)).Id);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreatePackageAsync(Package(id: "pkg-3"), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreatePackageAsync(Package(name: "other"), Ct));
    }

    [Fact]
    public async Task Packages_list_by_priority_within_a_project_and_need_an_existing_project()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(id: "low", name: "low") with { Priority = 1 }, Ct);
        await Store.CreatePackageAsync(Package(id: "high", name: "high") with { Priority = 9 }, Ct);

        Assert.Equal(["high", "low"], (await Store.ListPackagesAsync(ProjectId, Ct)).Select(package => package.Id));
        Assert.Empty(await Store.ListPackagesAsync("other", Ct));
        var orphan = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreatePackageAsync(Package(id: "x", name: "x", projectId: "missing"), Ct));
        Assert.IsNotType<StoreConflictException>(orphan);
    }

    [Fact]
    public async Task A_governed_task_reads_back_with_every_field_and_lists_by_project_and_state()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreateTaskAsync(Task(), Ct);
        await Store.CreateTaskAsync(Task("task-2", packageId: null) with { ParentId = "task-1", State = TaskState.Paused }, Ct);

        Assert.Equal(Task(), await Store.GetTaskAsync("task-1", Ct));
        Assert.Null(await Store.GetTaskAsync("nope", Ct));
        Assert.Equal(["task-1", "task-2"], (await Store.ListTasksAsync(new TaskQuery(ProjectId), Ct)).Select(task => task.Id));
        Assert.Equal("task-2", Assert.Single(await Store.ListTasksAsync(new TaskQuery(State: TaskState.Paused), Ct)).Id);
        Assert.Equal("task-1", Assert.Single(await Store.ListTasksAsync(new TaskQuery(PackageId: "pkg-1"), Ct)).Id);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateTaskAsync(Task(), Ct));
    }

    [Fact]
    public async Task A_state_change_happens_only_from_an_allowed_state_and_is_recorded()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreateTaskAsync(Task(), Ct);
        var at = Samples.Start.AddMinutes(5);

        var paused = await Store.ChangeTaskStateAsync("task-1", [TaskState.Pending, TaskState.Running], TaskState.Paused, "by hand", at, Ct);
        var refused = await Store.ChangeTaskStateAsync("task-1", [TaskState.Pending], TaskState.Cancelled, null, at, Ct);
        var missing = await Store.ChangeTaskStateAsync("nope", [TaskState.Pending], TaskState.Paused, null, at, Ct);

        Assert.Equal(new TaskTransitionRecord("task-1", at, TaskState.Pending, TaskState.Paused, "by hand"), paused);
        Assert.Null(refused);
        Assert.Null(missing);
        var task = await Store.GetTaskAsync("task-1", Ct);
        Assert.Equal((TaskState.Paused, "by hand", at), (task!.State, task.StateReason, task.UpdatedAt));
        Assert.Equal([paused!], await Store.GetTaskTransitionsAsync("task-1", Ct));
    }

    [Fact]
    public async Task A_checkpoint_request_is_kept_on_the_task()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreateTaskAsync(Task(), Ct);

        Assert.True(await Store.SetCheckpointStateAsync("task-1", CheckpointState.Requested, Samples.Start.AddMinutes(1), Ct));
        Assert.False(await Store.SetCheckpointStateAsync("nope", CheckpointState.Requested, Samples.Start, Ct));

        Assert.Equal(CheckpointState.Requested, (await Store.GetTaskAsync("task-1", Ct))!.Checkpoint);
    }

    [Fact]
    public async Task An_agent_is_recorded_per_attempt_and_its_end_keeps_the_session_id()
    {
        await Store.CreateProjectAsync(Project(), Ct);
        await Store.CreatePackageAsync(Package(), Ct);
        await Store.CreateTaskAsync(Task(), Ct);
        await Store.StartAgentAsync(Agent(), Ct);
        await Store.StartAgentAsync(Agent("agent-2") with { StartedAt = Samples.Start.AddMinutes(9) }, Ct);

        Assert.True(await Store.EndAgentAsync("agent-1", Samples.Start.AddMinutes(8), "session-42", Ct));

        var agents = await Store.ListAgentsAsync("task-1", Ct);
        Assert.Equal(Agent() with { SessionId = "session-42", EndedAt = Samples.Start.AddMinutes(8) }, agents[0]);
        Assert.Equal("agent-2", agents[1].Id);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.StartAgentAsync(Agent(), Ct));
    }
}
