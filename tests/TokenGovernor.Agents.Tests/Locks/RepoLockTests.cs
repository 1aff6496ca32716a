using System.Diagnostics;
using System.Text.Json;
using TokenGovernor.Agents.Locks;
using TokenGovernor.Agents.Native;

namespace TokenGovernor.Agents.Tests.Locks;

public sealed class RepoLockTests : IDisposable
{
    private readonly ScratchDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Lock_lives_inside_dot_git_for_a_git_repository_and_at_the_root_otherwise()
    {
        Assert.Equal(Path.Combine(_repo.Path, ".token-gov.lock"), RepoLock.LockPathFor(_repo.Path));

        Directory.CreateDirectory(Path.Combine(_repo.Path, ".git"));

        Assert.Equal(Path.Combine(_repo.Path, ".git", "token-gov.lock"), RepoLock.LockPathFor(_repo.Path));
    }

    [Fact]
    public void Acquired_lock_records_the_holder_in_a_small_json_file()
    {
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        using var held = RepoLock.TryAcquire(_repo.Path, "run-1", "build", new FixedTime(now));

        Assert.NotNull(held);
        var expected = new RepoLockInfo(Environment.ProcessId, ProcessStat.Read(Environment.ProcessId)!.StartTicks, Environment.MachineName, "run-1", "build", now);
        Assert.Equal(expected, held.Info);
        Assert.Equal(expected, RepoLock.Read(_repo.Path));
        Assert.False(RepoLock.IsStale(held.Info));

        using var json = JsonDocument.Parse(File.ReadAllText(held.Path));
        Assert.Equal(Environment.ProcessId, json.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(expected.ProcessStartTicks, json.RootElement.GetProperty("process_start_ticks").GetInt64());
        Assert.Equal("run-1", json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("build", json.RootElement.GetProperty("task_id").GetString());
        Assert.Equal(Environment.MachineName, json.RootElement.GetProperty("host").GetString());
        Assert.Equal("2025-01-02T03:04:05+00:00", json.RootElement.GetProperty("acquired_at").GetString());
    }

    [Fact]
    public void Second_acquire_fails_while_the_lock_is_held_even_in_the_same_process()
    {
        using var first = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);

        var second = RepoLock.TryAcquire(_repo.Path, "run-2", "b", TimeProvider.System);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("run-1", RepoLock.Read(_repo.Path)!.RunId);
    }

    [Fact]
    public void Released_lock_can_be_acquired_again()
    {
        var first = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);
        first!.Dispose();

        Assert.False(File.Exists(first.Path));
        using var second = RepoLock.TryAcquire(_repo.Path, "run-2", "b", TimeProvider.System);
        Assert.NotNull(second);
    }

    [Fact]
    public void Lock_of_another_live_process_blocks()
    {
        using var sleeper = Process.Start("sleep", "30");
        try
        {
            var holder = new RepoLockInfo(sleeper.Id, ProcessStat.Read(sleeper.Id)!.StartTicks, Environment.MachineName, "other-run", "deploy", DateTimeOffset.UtcNow);
            File.WriteAllText(RepoLock.LockPathFor(_repo.Path), RepoLockFile.Serialize(holder));

            Assert.False(RepoLock.IsStale(holder));
            Assert.Null(RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System));
            Assert.Equal(holder, RepoLock.Read(_repo.Path));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void Lock_of_a_dead_process_is_taken_over()
    {
        using var finished = Process.Start("true");
        finished.WaitForExit();
        WriteLock($$"""{"pid":{{finished.Id}},"process_start_ticks":1,"host":"{{Environment.MachineName}}","run_id":"old","task_id":"t","acquired_at":"2025-01-01T00:00:00+00:00"}""");

        using var taken = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);

        Assert.NotNull(taken);
        Assert.Equal("run-1", RepoLock.Read(_repo.Path)!.RunId);
    }

    [Fact]
    public void Lock_of_a_reused_pid_is_taken_over()
    {
        var self = ProcessStat.Read(Environment.ProcessId)!;
        var earlierOwner = new RepoLockInfo(self.Pid, self.StartTicks - 1, Environment.MachineName, "old", "t", DateTimeOffset.UtcNow);
        WriteLock(RepoLockFile.Serialize(earlierOwner));

        Assert.True(RepoLock.IsStale(earlierOwner));
        using var taken = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);
        Assert.NotNull(taken);
    }

    [Theory]
    [InlineData("{\"pid\": 12")]
    [InlineData("")]
    [InlineData("{\"run_id\":\"no pid\"}")]
    public void Corrupt_lock_file_is_treated_as_stale_and_taken_over(string content)
    {
        WriteLock(content);

        var read = RepoLock.Read(_repo.Path);
        Assert.NotNull(read);
        Assert.True(RepoLock.IsStale(read));
        using var taken = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);
        Assert.NotNull(taken);
    }

    [Fact]
    public void Lock_from_another_host_is_never_taken_over()
    {
        var remote = new RepoLockInfo(int.MaxValue - 1, 5, "build-server-7", "remote-run", "t", DateTimeOffset.UtcNow);
        WriteLock(RepoLockFile.Serialize(remote));

        Assert.False(RepoLock.IsStale(remote));
        Assert.Null(RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System));
    }

    [Fact]
    public void Remove_deletes_any_lock_and_says_whether_there_was_one()
    {
        Assert.False(RepoLock.Remove(_repo.Path));
        var held = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System);

        Assert.True(RepoLock.Remove(_repo.Path));

        Assert.Null(RepoLock.Read(_repo.Path));
        Assert.False(File.Exists(held!.Path));
    }

    [Fact]
    public void Releasing_leaves_alone_a_lock_that_someone_else_took_after_a_remove()
    {
        var first = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System)!;
        RepoLock.Remove(_repo.Path);
        using var second = RepoLock.TryAcquire(_repo.Path, "run-2", "b", TimeProvider.System);

        first.Dispose();

        Assert.Equal("run-2", RepoLock.Read(_repo.Path)!.RunId);
    }

    [Fact]
    public void Releasing_deletes_our_lock_even_after_its_json_was_reformatted()
    {
        var held = RepoLock.TryAcquire(_repo.Path, "run-1", "a", TimeProvider.System)!;
        WriteLock(File.ReadAllText(held.Path).Replace(",", ",\n  ", StringComparison.Ordinal));

        held.Dispose();

        Assert.False(File.Exists(held.Path));
    }

    [Fact]
    public void Lock_file_saved_with_a_byte_order_mark_still_names_its_holder()
    {
        var remote = new RepoLockInfo(4242, 5, "build-server-7", "remote-run", "t", DateTimeOffset.UnixEpoch);
        File.WriteAllText(RepoLock.LockPathFor(_repo.Path), RepoLockFile.Serialize(remote), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(remote, RepoLock.Read(_repo.Path));
    }

    [Fact]
    public void Concurrent_takeovers_of_a_stale_lock_have_exactly_one_winner()
    {
        WriteLock("corrupt");

        var winners = Enumerable.Range(0, 8)
            .AsParallel()
            .WithDegreeOfParallelism(8)
            .Select(i => RepoLock.TryAcquire(_repo.Path, $"run-{i}", "a", TimeProvider.System))
            .Where(held => held is not null)
            .ToList();

        var winner = Assert.Single(winners);
        Assert.Equal(winner!.Info, RepoLock.Read(_repo.Path));
        winner.Dispose();
        Assert.Empty(Directory.GetFiles(_repo.Path));
    }

    private void WriteLock(string content) => File.WriteAllText(RepoLock.LockPathFor(_repo.Path), content);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
