using System.Diagnostics;
using System.Globalization;
using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

/// <summary>Repo lock files shared across processes: stale ones are taken over, live ones make tasks wait.</summary>
public sealed class RepoLockTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string LockPath => Path.Combine(_sandbox.ReposDir, "acme/one/.token-gov.lock");

    private void WriteLock(int pid, long startTicks) => File.WriteAllText(LockPath,
        $$"""{"pid": {{pid}}, "process_start_ticks": {{startTicks}}, "host": "{{Environment.MachineName}}", "run_id": "other-run", "task_id": "other-task", "acquired_at": "2026-01-01T00:00:00+00:00"}""");

    private static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_lock_left_by_a_dead_process_is_taken_over()
    {
        _sandbox.TaskFile("tasks.json", T("work", "acme/one", "echo done"));
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        WriteLock(gone.Id, 12345);

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("completed", (string?)Sandbox.Task(_sandbox.LatestReport(), "work")["state"]);
        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public async Task A_lock_held_by_a_live_process_makes_the_task_wait_until_it_is_released()
    {
        _sandbox.TaskFile("tasks.json", T("work", "acme/one", "date +%s%N > started"));
        using var holder = Process.Start("sleep", "30")!;
        WriteLock(holder.Id, StartTicks(holder.Id));
        using var run = TokenGov.Start(_sandbox.Root, "run", "tasks.json", "--repos-dir", "repos", "--tui", "minimal");

        await run.WaitForOutputAsync($"WAITING      work", TimeSpan.FromSeconds(30));
        Assert.Contains($"repo locked by pid {holder.Id} (run other-run, task other-task)", run.StderrSoFar);
        await Task.Delay(500);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/started")));
        holder.Kill();
        var released = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        var started = long.Parse(File.ReadAllText(Path.Combine(_sandbox.ReposDir, "acme/one/started")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(started >= released - 50_000_000, "the task started before the lock was released");
    }

    [Fact]
    public async Task A_repo_that_cannot_be_locked_fails_its_task_with_the_reason_and_the_run_goes_on()
    {
        _sandbox.TaskFile("tasks.json", T("blocked", "acme/one", "touch ran"), T("free", "acme/two", "echo ok"));
        Directory.CreateDirectory(LockPath);

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var report = _sandbox.LatestReport();
        Assert.StartsWith("cannot lock repo ", (string)Sandbox.Task(report, "blocked")["reason"]!);
        Assert.Equal("completed", (string?)Sandbox.Task(report, "free")["state"]);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/ran")));
    }

    [Fact]
    public async Task Unlock_removes_a_stale_lock_and_refuses_a_live_one()
    {
        _sandbox.Repo("acme/one");
        using var holder = Process.Start("sleep", "30")!;
        WriteLock(holder.Id, StartTicks(holder.Id));

        var refused = await _sandbox.RunAsync("unlock", "--repo", "acme/one", "--repos-dir", "repos");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"locked by running process {holder.Id}", refused.Stderr);
        Assert.True(File.Exists(LockPath));

        holder.Kill();
        await holder.WaitForExitAsync();
        var removed = await _sandbox.RunAsync("unlock", "--repo", "acme/one", "--repos-dir", "repos");
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains($"removed lock of pid {holder.Id}", removed.Stdout);
        Assert.False(File.Exists(LockPath));
    }
}
