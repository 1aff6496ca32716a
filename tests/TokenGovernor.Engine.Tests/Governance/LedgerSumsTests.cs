using TokenGovernor.Core.Governance;
using TokenGovernor.Core.Runs;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Engine.Tests.Governance;

/// <summary>
/// Running window sums against a real store file written by two processes' worth of connections: after every event,
/// whatever the window did, the running sum equals a full read of the ledger.
/// </summary>
public sealed class LedgerSumsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Running_sums_equal_a_full_read_while_windows_roll_and_another_writer_appends()
    {
        var path = _scratch.File("governor.db");
        await using var store = await SqliteGovernorStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await using var other = await SqliteGovernorStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await RegisterAsync(store);
        var sums = new LedgerSums(store);
        var random = new Random(7);
        var now = Start;
        var rolling = BudgetWindow.Rolling(5);

        for (var i = 0; i < 400; i++)
        {
            now = now.AddMinutes(random.Next(0, 25));
            // Events are stamped by the agents, a little out of order, and some come from another process.
            var writer = random.Next(3) == 0 ? other : store;
            var at = now.AddMinutes(-random.Next(0, 20));
            var task = random.Next(2) == 0 ? "t1" : "t2";
            await writer.AppendUsageAsync(
                new UsageEventRecord($"e{i}", at, "p1", null, task, null, "m", new TokenUsage(random.Next(1, 1000), random.Next(1, 100), 0, random.Next(0, 50), 0), 0.01m, UsageSource.Stream),
                CancellationToken.None);

            foreach (var (scope, id, window) in new[] { (BudgetScope.Project, "p1", rolling), (BudgetScope.Task, task, rolling), (BudgetScope.Project, "p1", BudgetWindow.Total) })
            {
                var span = window.Current(now);
                Assert.Equal(await store.SumUsageAsync(scope, id, span, CancellationToken.None), await sums.SumAsync(scope, id, span, CancellationToken.None));
            }
        }

        // A window that jumps back (a clock set back) or far ahead is read whole, and still right.
        foreach (var at in new[] { Start, now.AddDays(3) })
        {
            var span = rolling.Current(at);
            Assert.Equal(await store.SumUsageAsync(BudgetScope.Project, "p1", span, CancellationToken.None), await sums.SumAsync(BudgetScope.Project, "p1", span, CancellationToken.None));
        }
    }

    private static async Task RegisterAsync(SqliteGovernorStore store)
    {
        await store.CreateProjectAsync(new ProjectRecord("p1", "web", "me", 1, new Budget(1_000_000, null, BudgetWindow.Rolling(5)), Start, Start), CancellationToken.None);
        foreach (var id in new[] { "t1", "t2" })
        {
            await store.CreateTaskAsync(
                new GovernedTaskRecord(id, "p1", null, null, id, "claude", new Estimate(1000, EstimateSource.Heuristic, 500, 1500, ComplexityClass.Simple),
                    Budget.Unlimited, 1, TaskState.Pending, null, CheckpointState.None, Start, Start),
                CancellationToken.None);
        }
    }
}
