using System.Text;
using System.Threading.Channels;

namespace TokenGovernor.Agents.Processes;

/// <summary>Writes what a channel carries to a child's stdin, then closes the pipe so the child sees end of file.</summary>
internal static class InputPump
{
    /// <summary>
    /// Runs until the channel completes or <paramref name="processEnded"/> fires. A child that stopped reading
    /// (broken pipe) is not an error: what it did not read is dropped.
    /// </summary>
    public static async Task RunAsync(Stream stdin, ChannelReader<string> source, CancellationToken processEnded)
    {
        try
        {
            await foreach (var text in source.ReadAllAsync(processEnded).ConfigureAwait(false))
            {
                await stdin.WriteAsync(Encoding.UTF8.GetBytes(text), processEnded).ConfigureAwait(false);
                await stdin.FlushAsync(processEnded).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either the process is gone or it closed its stdin; nobody is left to read.
        }
        finally
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
        }
    }
}
