using System.Text.RegularExpressions;
using TokenGovernor.Cli.Tests.Infrastructure;
using static TokenGovernor.Cli.Tests.Infrastructure.Tasks;

namespace TokenGovernor.Cli.Tests;

/// <summary>Limits and signals stop an agent's whole process tree; such a task is never "completed".</summary>
public sealed partial class RunStopTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static string Dummy(string args) => $"dotnet {TokenGov.DummyAgentDll} {args}";

    [GeneratedRegex(@"^(?:pid|grandchild-pid): (\d+)$", RegexOptions.Multiline)]
    private static partial Regex PidLine();

    /// <summary>The agent's own pid and its grandchild's, as the dummy printed them.</summary>
    private static List<int> TreePids(string outputLog) =>
        [.. PidLine().Matches(File.ReadAllText(outputLog)).Select(match => int.Parse(match.Groups[1].Value))];

    private static string OutputLog(System.Text.Json.Nodes.JsonNode task) =>
        Path.Combine((string)task["attempts"]![0]!["output_dir"]!, "output.log");

    private static async Task AssertAllGoneAsync(IReadOnlyList<int> pids)
    {
        Assert.NotEmpty(pids);
        // Killed processes disappear within moments of the run ending; allow the kernel a little time.
        for (var i = 0; i < 20 && pids.Any(TokenGov.IsAlive); i++)
        {
            await Task.Delay(100);
        }

        Assert.All(pids, pid => Assert.False(TokenGov.IsAlive(pid), $"process {pid} outlived the run"));
    }

    [Fact]
    public async Task Idle_timeout_stops_an_agent_with_grandchildren_and_fails_the_task()
    {
        _sandbox.TaskFile("tasks.json", T("quiet", "acme/one", Dummy("--ignore-sigterm --spawn-grandchild 60 --sleep 60000")));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--idle-timeout", "1500ms", "--grace-period", "500ms", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var task = Sandbox.Task(_sandbox.LatestReport(), "quiet");
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Contains("idle timeout", (string)task["reason"]!);
        var pids = TreePids(OutputLog(task));
        Assert.Equal(2, pids.Count);
        await AssertAllGoneAsync(pids);
    }

    [Fact]
    public async Task Max_runtime_stops_a_chatty_agent_with_grandchildren_and_fails_the_task()
    {
        _sandbox.TaskFile("tasks.json", T("chatty", "acme/one", Dummy("--ignore-sigterm --spawn-grandchild 60 --print-every 100 --count 600")));

        var result = await _sandbox.RunAsync("run", "tasks.json", "--repos-dir", "repos", "--max-runtime", "2s", "--idle-timeout", "1s", "--grace-period", "500ms", "--tui", "off");

        Assert.Equal(1, result.ExitCode);
        var task = Sandbox.Task(_sandbox.LatestReport(), "chatty");
        Assert.Equal("failed", (string?)task["state"]);
        Assert.Contains("max runtime", (string)task["reason"]!);
        await AssertAllGoneAsync(TreePids(OutputLog(task)));
    }

    [Theory]
    [InlineData(TokenGov.SigInt, 130, "SIGINT")]
    [InlineData(TokenGov.SigTerm, 143, "SIGTERM")]
    public async Task A_signal_writes_the_partial_report_releases_locks_and_leaves_no_process(int signal, int exitCode, string name)
    {
        _sandbox.TaskFile("tasks.json",
            T("long", "acme/one", Dummy("--ignore-sigterm --spawn-grandchild 60 --print started --sleep 60000")),
            T("next", "acme/one", "touch ran", "long"),
            T("quick", "acme/two", "echo quick"));
        using var run = TokenGov.Start(_sandbox.Root, "run", "tasks.json", "--repos-dir", "repos", "--grace-period", "1s", "--tui", "minimal");
        await run.WaitForOutputAsync("COMPLETED    quick", TimeSpan.FromSeconds(30));
        // The log is created on the agent's first byte, which on a busy machine can come after "quick" completes.
        string? outputLog = null;
        for (var i = 0; i < 100 && (outputLog is null || !File.ReadAllText(outputLog).Contains("started", StringComparison.Ordinal)); i++)
        {
            outputLog ??= Directory.GetFiles(Path.Combine(_sandbox.StateDir, "runs"), "output.log", SearchOption.AllDirectories)
                .SingleOrDefault(path => path.Contains("/long/", StringComparison.Ordinal));
            await Task.Delay(100);
        }

        Assert.NotNull(outputLog);

        TokenGov.Signal(run.Pid, signal);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == exitCode, result.ToString());
        var report = _sandbox.LatestReport();
        Assert.Equal("interrupted", (string?)report["state"]);
        Assert.Equal("cancelled", (string?)Sandbox.Task(report, "long")["state"]);
        Assert.Equal($"interrupted by {name}", (string?)Sandbox.Task(report, "long")["reason"]);
        Assert.Equal("skipped", (string?)Sandbox.Task(report, "next")["state"]);
        Assert.Equal("completed", (string?)Sandbox.Task(report, "quick")["state"]);
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/.token-gov.lock")));
        Assert.False(File.Exists(Path.Combine(_sandbox.ReposDir, "acme/one/ran")));
        await AssertAllGoneAsync(TreePids(outputLog));
    }

    [Fact]
    public async Task A_run_whose_process_was_killed_outright_shows_as_interrupted_not_running()
    {
        _sandbox.TaskFile("tasks.json", T("long", "acme/one", "echo started; sleep 60"));
        using var run = TokenGov.Start(_sandbox.Root, "run", "tasks.json", "--repos-dir", "repos", "--tui", "minimal");
        await run.WaitForOutputAsync("RUNNING", TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        TokenGov.Signal(run.Pid, TokenGov.SigKill);
        await run.WaitAsync(TimeSpan.FromSeconds(20));
        // The agent's own process group survives a SIGKILL of token-gov; end it as an operator would.
        foreach (var sleeper in System.Diagnostics.Process.GetProcessesByName("sleep"))
        {
            if (new FileInfo($"/proc/{sleeper.Id}/cwd").LinkTarget?.StartsWith(_sandbox.Root, StringComparison.Ordinal) == true)
            {
                sleeper.Kill();
            }
        }

        var status = await _sandbox.RunAsync("status", "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("\"state\": \"interrupted\"", status.Stdout);
        Assert.Contains("which is gone; showing it as interrupted", status.Stderr);
    }

    [Fact]
    public async Task A_second_ctrl_c_kills_at_once_without_waiting_for_the_grace_period()
    {
        _sandbox.TaskFile("tasks.json", T("stubborn", "acme/one", Dummy("--ignore-sigterm --print started --sleep 60000")));
        using var run = TokenGov.Start(_sandbox.Root, "run", "tasks.json", "--repos-dir", "repos", "--grace-period", "60s", "--tui", "minimal");
        await run.WaitForOutputAsync("RUNNING", TimeSpan.FromSeconds(30));
        await Task.Delay(1000);

        TokenGov.Signal(run.Pid, TokenGov.SigInt);
        await run.WaitForOutputAsync("stopping", TimeSpan.FromSeconds(10));
        TokenGov.Signal(run.Pid, TokenGov.SigInt);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("cancelled", (string?)Sandbox.Task(_sandbox.LatestReport(), "stubborn")["state"]);
    }
}
