using System.Text;

namespace TokenGovernor.Agents.Processes;

/// <summary>
/// Cuts a byte stream into UTF-8 lines as it arrives, hands each line to a handler and remembers the last
/// non-blank one. A failing handler is remembered and not called again, so the output keeps being drained.
/// </summary>
internal sealed class StdoutLines(Action<string>? onLine, Action<Exception>? onHandlerFailure)
{
    private byte[] _pending = new byte[256];
    private int _pendingLength;

    public string? LastNonBlankLine { get; private set; }

    public Exception? HandlerFailure { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Buffer(data);
                return;
            }

            if (_pendingLength == 0)
            {
                Emit(data[..newline]);
            }
            else
            {
                Buffer(data[..newline]);
                Emit(_pending.AsSpan(0, _pendingLength));
                _pendingLength = 0;
            }

            data = data[(newline + 1)..];
        }
    }

    /// <summary>A last line without a trailing newline still counts.</summary>
    public void Complete()
    {
        if (_pendingLength > 0)
        {
            Emit(_pending.AsSpan(0, _pendingLength));
            _pendingLength = 0;
        }
    }

    private void Buffer(ReadOnlySpan<byte> data)
    {
        if (_pendingLength + data.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + data.Length));
        }

        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += data.Length;
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var line = Encoding.UTF8.GetString(bytes);
        if (!string.IsNullOrWhiteSpace(line))
        {
            LastNonBlankLine = line;
        }

        if (onLine is null || HandlerFailure is not null)
        {
            return;
        }

        try
        {
            onLine(line);
        }
        catch (Exception e)
        {
            HandlerFailure = e;
            onHandlerFailure?.Invoke(e);
        }
    }
}
