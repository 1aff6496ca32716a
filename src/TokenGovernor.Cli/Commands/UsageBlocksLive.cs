using System.Runtime.InteropServices;
using Spectre.Console;
using TokenGovernor.Cli.Output;
using TokenGovernor.Usage.Claude;
using TokenGovernor.Usage.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary>
/// <c>usage blocks --live</c>: the active block, refreshed every few seconds from only the bytes the logs grew by.
/// Ctrl+C (or SIGTERM) ends it with exit code 0: stopping a view is not an error.
/// </summary>
internal static class UsageBlocksLive
{
    public static async Task<int> RunAsync(LiveClaudeLog log, ReportOptions options, Func<IReadOnlyList<UsageBlock>, long?> limitOf, TimeSpan refresh, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        (UsageBlock? Block, long Now, long? Limit, long Bytes) Tick()
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var entries = log.Refresh().InTimeOrder();
            var blocks = BlocksReport.Build(entries, options, now);
            return (blocks.LastOrDefault(block => block.IsActive), now, limitOf(blocks), log.BytesRead);
        }

        if (Console.IsOutputRedirected)
        {
            while (!stop.IsCancellationRequested)
            {
                var (block, now, limit, bytes) = Tick();
                await Console.Out.WriteLineAsync(LiveBlocksView.Line(block, now, limit, bytes));
                await Console.Out.FlushAsync(CancellationToken.None);
                await Wait(refresh, time, stop.Token);
            }

            return 0;
        }

        var first = Tick();
        await AnsiConsole.Live(LiveBlocksView.Panel(first.Block, first.Now, first.Limit, options.Zone, first.Bytes)).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Wait(refresh, time, stop.Token);
                var (block, now, limit, bytes) = Tick();
                context.UpdateTarget(LiveBlocksView.Panel(block, now, limit, options.Zone, bytes));
                context.Refresh();
            }
        });
        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    private static async Task Wait(TimeSpan refresh, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(refresh, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
