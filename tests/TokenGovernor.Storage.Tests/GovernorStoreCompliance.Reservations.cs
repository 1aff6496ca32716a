using TokenGovernor.Core.Governance;
using static TokenGovernor.Storage.Tests.GovernanceSamples;

namespace TokenGovernor.Storage.Tests;

public abstract partial class GovernorStoreCompliance
{
    private static readonly BudgetClaim[] TenThousandTokenProject = [new(BudgetScope.Project, ProjectId, new Budget(10_000, null, BudgetWindow.Total))];

    private static ReservationRecord Reservation(string id, long estimate) => new(id, "task-1", "pkg-1", ProjectId, estimate, Samples.Start);

    [Fact]
    public async Task A_reservation_is_taken_only_while_it_fits_beside_spend_and_other_reservations()
    {
        await RegisterTaskAsync();
        await Store.AppendUsageAsync(Usage("e1", Samples.Start, input: 100), Ct);
        var spent = (await Store.SumUsageAsync(BudgetScope.Project, ProjectId, WindowSpan.Always, Ct)).Tokens.Total;

        var first = await Store.TryReserveAsync(Reservation("r1", 10_000 - spent - 100), TenThousandTokenProject, Samples.Start, Ct);
        var second = await Store.TryReserveAsync(Reservation("r2", 101), TenThousandTokenProject, Samples.Start, Ct);
        var third = await Store.TryReserveAsync(Reservation("r3", 100), TenThousandTokenProject, Samples.Start, Ct);

        Assert.True(first.Reserved);
        Assert.False(second.Reserved);
        Assert.Equal(new Spend(10_000 - spent - 100, 0m), Assert.Single(second.Levels).Reserved);
        Assert.Equal(spent, second.Levels[0].Spent.Tokens);
        Assert.True(third.Reserved);
        Assert.Equal(10_000 - spent, await Store.SumReservationsAsync(BudgetScope.Project, ProjectId, null, Ct));
        Assert.Equal(100, await Store.SumReservationsAsync(BudgetScope.Task, "task-1", "r1", Ct));
    }

    [Fact]
    public async Task Reservations_of_one_owner_process_are_listed_and_released_together()
    {
        await RegisterTaskAsync();
        var gone = new RunOwnerRecord(111, 5000, "host-a");
        var alive = new RunOwnerRecord(222, 6000, "host-a");
        await Store.TryReserveAsync(Reservation("r1", 100) with { Owner = gone }, TenThousandTokenProject, Samples.Start, Ct);
        await Store.TryReserveAsync(Reservation("r2", 200) with { Owner = gone }, TenThousandTokenProject, Samples.Start, Ct);
        await Store.TryReserveAsync(Reservation("r3", 400) with { Owner = alive }, TenThousandTokenProject, Samples.Start, Ct);

        var owners = await Store.ListReservationOwnersAsync(Ct);
        var released = await Store.ReleaseReservationsOfAsync(gone, Ct);

        Assert.Equal([alive, gone], owners.OrderByDescending(owner => owner.Pid));
        Assert.Equal(2, released);
        Assert.Equal(400, await Store.SumReservationsAsync(BudgetScope.Project, ProjectId, null, Ct));
    }

    [Fact]
    public async Task A_reservation_shrinks_as_its_attempt_spends_and_is_gone_once_released()
    {
        await RegisterTaskAsync();
        await Store.TryReserveAsync(Reservation("r1", 500), TenThousandTokenProject, Samples.Start, Ct);

        await Store.ShrinkReservationAsync("r1", 200, Samples.Start, Ct);
        Assert.Equal(300, await Store.SumReservationsAsync(BudgetScope.Package, "pkg-1", null, Ct));
        await Store.ShrinkReservationAsync("r1", 900, Samples.Start, Ct);
        Assert.Equal(0, await Store.SumReservationsAsync(BudgetScope.Project, ProjectId, null, Ct));

        Assert.True(await Store.ReleaseReservationAsync("r1", Ct));
        Assert.False(await Store.ReleaseReservationAsync("r1", Ct));
    }
}
