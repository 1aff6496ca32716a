using System.Threading.Channels;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests.Processes;

public sealed class ProcessInputTests : IDisposable
{
    private static readonly ProcessLimits NoLimits = new(TimeSpan.FromSeconds(20), null, TimeSpan.FromSeconds(1));

    private readonly ScratchDirectory _scratch = new();
    private readonly SupervisorHarness _harness;

    public ProcessInputTests() => _harness = new SupervisorHarness(_scratch);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Without_input_the_child_reads_end_of_file_at_once()
    {
        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "cat; echo eof"), NoLimits);

        Assert.True(result.Succeeded);
        Assert.Equal(["eof"], _harness.Lines);
    }

    [Fact]
    public async Task Messages_reach_the_child_as_they_are_sent_and_completing_the_channel_closes_its_stdin()
    {
        var input = Channel.CreateUnbounded<string>();
        var spec = TestDummy.Shell(_scratch.Path, "while read line; do echo \"got $line\"; done; echo eof") with { Stdin = input.Reader };

        var running = _harness.RunAsync(spec, NoLimits);
        await input.Writer.WriteAsync("first\n");
        await _harness.WaitForLineAsync("got first", running);
        await input.Writer.WriteAsync("second\nthird\n");
        await _harness.WaitForLineAsync("got third", running);
        input.Writer.Complete();
        var result = await running;

        Assert.True(result.Succeeded);
        Assert.Equal(["got first", "got second", "got third", "eof"], _harness.Lines);
    }

    [Fact]
    public async Task A_child_that_ends_without_reading_its_input_is_not_an_error()
    {
        var input = Channel.CreateUnbounded<string>();
        input.Writer.TryWrite(new string('x', 200_000) + "\n");

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "exec 0<&-; echo closed") with { Stdin = input.Reader }, NoLimits);
        input.Writer.TryWrite("late\n");

        Assert.True(result.Succeeded);
        Assert.Equal(["closed"], _harness.Lines);
    }

    [Fact]
    public async Task An_open_channel_does_not_keep_the_run_alive_after_the_process_ends()
    {
        var input = Channel.CreateUnbounded<string>();
        input.Writer.TryWrite("only\n");

        var result = await _harness.RunAsync(TestDummy.Shell(_scratch.Path, "read line; echo \"got $line\"") with { Stdin = input.Reader }, NoLimits)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded);
        Assert.Equal(["got only"], _harness.Lines);
    }
}
