namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    [Fact]
    public async Task A_submission_round_trips_and_moves_state_only_from_the_states_named()
    {
        var queued = new SubmissionRecord("sub-1", Samples.Start, Samples.Start, SubmissionStates.Queued, "api", "admin",
            """{"files":["/w/tasks.json"]}""", ["a", "b"], null, null, null);
        var finished = queued with { Id = "sub-2", CreatedAt = Samples.Start.AddMinutes(1), State = SubmissionStates.Completed, ExitCode = 0, RunId = "run-0" };

        await Store.CreateSubmissionAsync(finished, Ct);
        await Store.CreateSubmissionAsync(queued, Ct);
        var started = await Store.UpdateSubmissionAsync("sub-1", [SubmissionStates.Queued], SubmissionStates.Running, "run-1", null, null, Samples.Start.AddMinutes(2), Ct);
        var refused = await Store.UpdateSubmissionAsync("sub-1", [SubmissionStates.Queued], SubmissionStates.Cancelled, null, null, "late", Samples.Start.AddMinutes(3), Ct);
        var missing = await Store.UpdateSubmissionAsync("nope", null, SubmissionStates.Cancelled, null, null, null, Samples.Start, Ct);

        Assert.Equal((true, false, false), (started, refused, missing));
        var read = await Store.GetSubmissionAsync("sub-1", Ct);
        Assert.Equal(queued with { State = SubmissionStates.Running, RunId = "run-1", UpdatedAt = Samples.Start.AddMinutes(2), TaskIds = read!.TaskIds }, read);
        Assert.Equal(["a", "b"], read.TaskIds);
        Assert.Equal(["sub-1", "sub-2"], (await Store.ListSubmissionsAsync(null, Ct)).Select(submission => submission.Id));
        Assert.Equal(["sub-1"], (await Store.ListSubmissionsAsync(SubmissionStates.Unfinished, Ct)).Select(submission => submission.Id));
        Assert.Null(await Store.GetSubmissionAsync("nope", Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateSubmissionAsync(queued, Ct));
    }
}
