using System.Diagnostics;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Core.Governance;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>Budget reserved by a process that was killed outright is taken back by the next run.</summary>
public sealed class ReservationReclaimTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task A_reservation_left_by_a_killed_process_does_not_block_the_next_run()
    {
        _sandbox.Repo("acme/web");
        _sandbox.WriteFile("tasks.json", """
            {"default_runner": "script", "tasks": [
              {"id": "build", "repo": "acme/web", "priority": 1, "title": "Build", "prompt": "echo built", "project": "web", "estimate": 500}
            ]}
            """);
        Assert.Equal(0, (await _sandbox.RunAsync("register", "--name", "web", "--owner", "alice", "--budget", "1000")).ExitCode);
        Assert.Equal(0, (await _sandbox.RunAsync("task", "add", "--project", "web", "--id", "crashed", "--title", "Crashed")).ExitCode);
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        await using (var store = await SqliteGovernorStore.OpenAsync(Path.Combine(_sandbox.StateDir, "governor.db"), TimeProvider.System, CancellationToken.None))
        {
            var project = (await store.FindProjectAsync("web", CancellationToken.None))!;
            var leftover = new ReservationRecord("left-behind", "crashed", null, project.Id, 900, DateTimeOffset.UtcNow)
            {
                Owner = new RunOwnerRecord(gone.Id, 12345, Environment.MachineName),
            };
            Assert.True((await store.TryReserveAsync(leftover, [new BudgetClaim(BudgetScope.Project, project.Id, project.Budget)], DateTimeOffset.UtcNow, CancellationToken.None)).Reserved);
        }

        var run = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("completed", (string?)Sandbox.Task(_sandbox.LatestReport(), "build")["state"]);
    }
}
