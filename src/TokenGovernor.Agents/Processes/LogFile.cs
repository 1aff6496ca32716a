namespace TokenGovernor.Agents.Processes;

/// <summary>
/// A log file created on its first byte: a quiet process leaves no empty files behind, and a run of
/// thousands of short tasks does not pay for creating them.
/// </summary>
internal sealed class LogFile(string path) : IDisposable
{
    private FileStream? _stream;

    public string Path { get; } = path;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        // Unbuffered, so a reader tailing the log sees output at once. Sharing it with writers also spares the
        // advisory flock .NET takes for FileShare.None or Read.
        _stream ??= new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _stream.Write(bytes);
    }

    public void Dispose() => _stream?.Dispose();
}
