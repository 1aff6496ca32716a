using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.Versioning;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests.Processes;

// Launching is posix_spawn with Linux semantics; the whole suite only runs there.
[SupportedOSPlatform("linux")]
public sealed class ProcessLaunchTests : IDisposable
{
    private static readonly ProcessLimits NoLimits = new(null, null, TimeSpan.FromSeconds(1));

    private readonly ScratchDirectory _scratch = new();
    private readonly SupervisorHarness _harness;

    public ProcessLaunchTests() => _harness = new SupervisorHarness(_scratch);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Many_concurrent_processes_each_get_their_own_exit_code_while_dotnet_reaps_its_own_children()
    {
        // System.Diagnostics.Process children running alongside bring .NET's SIGCHLD handling into play;
        // it must neither reap our children nor lose theirs.
        var dotnetChildren = Enumerable.Range(0, 20).Select(_ => RunWithDotnetProcessAsync("exit 7")).ToList();
        var ours = Enumerable.Range(0, 200).Select(async i =>
        {
            var result = await ProcessSupervisor.RunAsync(
                TestDummy.Shell(_scratch.Path, $"echo {i}; exit {i % 100}"),
                NoLimits,
                _scratch.File($"logs/{i}.out"),
                _scratch.File($"logs/{i}.err"),
                onStdoutLine: null,
                TimeProvider.System,
                CancellationToken.None,
                CancellationToken.None);
            return (i, result);
        }).ToList();

        foreach (var (i, result) in await Task.WhenAll(ours))
        {
            Assert.Equal(i % 100, result.ExitCode);
            Assert.Null(result.Signal);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), result.LastStdoutLine);
        }

        Assert.All(await Task.WhenAll(dotnetChildren), code => Assert.Equal(7, code));
    }

    [Fact]
    public async Task Signal_is_reported_only_for_a_process_that_died_of_one()
    {
        var killed = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "kill -TERM $$"), NoLimits);
        var exited = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "exit 130"), NoLimits);

        Assert.Equal(15, killed.Signal);
        Assert.Equal(128 + 15, killed.ExitCode);
        Assert.Null(exited.Signal);
        Assert.Equal(130, exited.ExitCode);
    }

    [Fact]
    public async Task Program_is_looked_up_on_the_path_the_spec_gives_the_child()
    {
        var tools = Directory.CreateDirectory(_scratch.File("tools")).FullName;
        WriteScript(Path.Combine(tools, "tg-hello"), "#!/bin/sh\necho \"hello $1\"\n");
        var path = $"{tools}:{Environment.GetEnvironmentVariable("PATH")}";

        var result = await _harness.RunAsync(new ProcessSpec("tg-hello", ["world"], _scratch.Path, new Dictionary<string, string?> { ["PATH"] = path }), NoLimits);

        Assert.True(result.Succeeded);
        Assert.Equal("hello world", result.LastStdoutLine);
    }

    [Fact]
    public async Task Script_without_an_interpreter_line_runs_with_the_shell()
    {
        var script = _scratch.File("plain-script");
        WriteScript(script, "echo \"plain $1\"\n");

        var result = await _harness.RunAsync(new ProcessSpec(script, ["text"], _scratch.Path, new Dictionary<string, string?>()), NoLimits);

        Assert.True(result.Succeeded);
        Assert.Equal("plain text", result.LastStdoutLine);
    }

    [Fact]
    public async Task File_that_is_not_executable_fails_with_exit_code_126_and_says_why_on_stderr()
    {
        var file = _scratch.File("not-executable");
        File.WriteAllText(file, "echo never\n");

        var result = await _harness.RunAsync(new ProcessSpec(file, [], _scratch.Path, new Dictionary<string, string?>()), NoLimits);

        Assert.Equal(126, result.ExitCode);
        Assert.Null(_harness.StartedPid);
        Assert.Contains($"{file}: Permission denied", File.ReadAllText(_harness.StderrLog));
    }

    [Fact]
    public async Task Child_reads_end_of_file_on_stdin_instead_of_waiting_for_input()
    {
        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "cat; echo after cat"), new ProcessLimits(TimeSpan.FromSeconds(10), null, TimeSpan.FromSeconds(1)));

        Assert.True(result.Succeeded, result.StopDescription);
        Assert.Equal("after cat", result.LastStdoutLine);
    }

    [Fact]
    public async Task Missing_working_directory_is_an_error_before_anything_runs()
    {
        var spec = TestDummy.Shell(_scratch.File("missing"), "true");

        var error = await Assert.ThrowsAsync<Win32Exception>(() => _harness.RunAsync(spec, NoLimits));

        Assert.Contains(_scratch.File("missing"), error.Message);
        Assert.Null(_harness.StartedPid);
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<int> RunWithDotnetProcessAsync(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]))!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
