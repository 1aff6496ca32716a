using System.Buffers;

namespace TokenGovernor.Agents.Processes;

/// <summary>Copies a child's output pipe into its log file as it arrives.</summary>
internal static class OutputPump
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Runs until end of file, or until cancelled (a process outside the group may hold the pipe open).</summary>
    public static async Task RunAsync(Stream source, LogFile log, StdoutLines? lines, Action? onData, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                log.Write(buffer.AsSpan(0, read));
                onData?.Invoke();
                lines?.Append(buffer.AsSpan(0, read));
            }

            lines?.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
