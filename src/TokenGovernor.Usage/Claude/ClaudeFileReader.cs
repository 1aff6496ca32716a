using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Reads one Claude Code log once, in large chunks into a buffer the reader keeps. Only lines holding <c>"usage":{</c>
/// are parsed (as ccusage reads them); the user and tool-result lines that make up most of the bytes are stepped over
/// by a vectorised search without being looked at. One reader per thread.
/// </summary>
internal sealed class ClaudeFileReader(UsageCost cost)
{
    private const int ChunkBytes = 1 << 20;
    private static readonly byte[] Marker = "\"usage\":{"u8.ToArray();
    private readonly ClaudeLineParser _parser = new();
    private readonly KeyIndex _index = new(1024);
    private readonly List<KeyedEntry> _entries = new(1024);
    private byte[] _buffer = new byte[ChunkBytes];
    private byte[] _key = new byte[128];
    private string? _fastOf;
    private string? _fastName;

    public FileUsage Read(LogFile file)
    {
        // Entries gather in a list the reader keeps, and the file gets an exact-size copy: no garbage from growing a list per file.
        var usage = new FileUsage(file) { Entries = _entries };
        _entries.Clear();
        _index.Clear();
        try
        {
            using var handle = LogFileHandle.Open(file.Path);
            ReadAll(handle, usage);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone since it was listed, or a link to nothing: there is nothing to read.
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            usage.BadLines++;
            usage.Problems.Add(new LineProblem(file.Path, 0, $"cannot read the file: {error.Message}"));
        }

        usage.Entries = new List<KeyedEntry>(_entries);
        _entries.Clear();
        return usage;
    }

    /// <summary>Adds the usage in <paramref name="lines"/> (whole lines appended to the file) to what <paramref name="usage"/> holds.</summary>
    public void Append(FileUsage usage, ReadOnlySpan<byte> lines)
    {
        usage.Index ??= IndexOf(usage);
        usage.NextLine = Scan(lines, usage.NextLine, usage, usage.Index, countLines: true);
    }

    private void ReadAll(LogFileHandle handle, FileUsage usage)
    {
        long offset = 0;
        long lineNumber = 1;
        var filled = 0;
        while (true)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var room = _buffer.Length - filled;
            var read = handle.Read(_buffer.AsSpan(filled, room), offset, usage.File.Path);
            offset += read;
            filled += read;

            // A short read is the end of the file as it is now; what a writer adds later is for the next run.
            var end = read < room;
            var span = _buffer.AsSpan(0, filled);
            var complete = end ? filled : span.LastIndexOf((byte)'\n') + 1;
            if (complete > 0)
            {
                lineNumber = Scan(span[..complete], lineNumber, usage, _index, countLines: !end);
                span[complete..].CopyTo(_buffer);
                filled -= complete;
            }

            if (end)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads the usage lines among <paramref name="text"/>'s whole lines. Lines are counted only as far as a bad line
    /// needs its number, and to the end when <paramref name="countLines"/> (the number of the next line is returned;
    /// otherwise <paramref name="lineNumber"/> is returned unchanged).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Scan(ReadOnlySpan<byte> text, long lineNumber, FileUsage usage, KeyIndex index, bool countLines)
    {
        var cursor = 0;
        var counted = 0;
        while (cursor < text.Length)
        {
            var hit = text[cursor..].IndexOf(Marker);
            if (hit < 0)
            {
                break;
            }

            var markerAt = cursor + hit;
            var lineStart = LastNewline(text, cursor, markerAt) + 1;
            var lineEnd = text[markerAt..].IndexOf((byte)'\n') is var next and >= 0 ? markerAt + next : text.Length;
            var line = text[lineStart..lineEnd];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (Handle(line, usage, index) is { } reason)
            {
                lineNumber += text[counted..lineStart].Count((byte)'\n');
                counted = lineStart;
                usage.BadLines++;
                if (usage.Problems.Count < FileUsage.ProblemsKept)
                {
                    usage.Problems.Add(new LineProblem(usage.File.Path, lineNumber, reason));
                }
            }

            cursor = lineEnd < text.Length ? lineEnd + 1 : text.Length;
        }

        return countLines ? lineNumber + text[counted..].Count((byte)'\n') : lineNumber;
    }

    /// <summary>The last line feed in <paramref name="text"/>[<paramref name="from"/>..<paramref name="to"/>], or <paramref name="from"/> - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LastNewline(ReadOnlySpan<byte> text, int from, int to)
    {
        ref var first = ref MemoryMarshal.GetReference(text);
        var at = to;
        if (Vector256.IsHardwareAccelerated)
        {
            var newline = Vector256.Create((byte)'\n');
            while (at - Vector256<byte>.Count >= from)
            {
                at -= Vector256<byte>.Count;
                var found = Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)at), newline);
                if (found != Vector256<byte>.Zero)
                {
                    return at + 31 - BitOperations.LeadingZeroCount(found.ExtractMostSignificantBits());
                }
            }
        }

        while (--at >= from)
        {
            if (text[at] == '\n')
            {
                return at;
            }
        }

        return from - 1;
    }

    /// <summary>Reads one usage line into <paramref name="usage"/>; the reason it does not count, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Handle(ReadOnlySpan<byte> line, FileUsage usage, KeyIndex index)
    {
        if (!_parser.TryParse(line, out var parsed, out var reason))
        {
            return reason!;
        }

        usage.EarliestMs = Math.Min(usage.EarliestMs, parsed.TimestampMs);
        var sessionId = parsed.HasSessionId ? _parser.SessionId : default;
        if (usage.LastSession is null || parsed.HasSessionId != (usage.LastSessionId is not null) || !sessionId.SequenceEqual(usage.LastSessionId))
        {
            usage.LastSession = SessionPaths.Resolve(usage.File.RelativePath, usage.File.Project, parsed.HasSessionId ? Encoding.UTF8.GetString(sessionId) : null);
            usage.LastSessionId = parsed.HasSessionId ? sessionId.ToArray() : null;
        }

        var tokens = new TokenCounts(parsed.Input, parsed.Output, parsed.CacheCreation ?? 0, parsed.CacheRead ?? 0, parsed.CacheCreation1h);
        var model = parsed.Model is null ? null : parsed.Speed == "fast" ? FastName(parsed.Model) : parsed.Model;
        var keyText = KeyText(parsed);
        var entry = new KeyedEntry(
            new UsageEntry(parsed.TimestampMs, model, tokens, cost.Of(parsed, tokens), usage.LastSession, parsed.ResetTimeMs),
            keyText.IsEmpty ? DedupKey.None : DedupKey.Of(keyText),
            parsed.Speed is not null);
        if (entry.Key.IsNone)
        {
            Add(usage, entry, keyText);
        }
        else if (index.Find(entry.Key) is var at and >= 0)
        {
            if (entry.Beats(usage.Entries[at]))
            {
                usage.Entries[at] = entry;
            }
        }
        else
        {
            index.Add(entry.Key, usage.Entries.Count);
            Add(usage, entry, keyText);
        }

        return null;
    }

    /// <summary>ccusage's key: message id + ":" + request id, the message id alone without a request id, none without a message id.</summary>
    private ReadOnlySpan<byte> KeyText(in ClaudeLine parsed)
    {
        if (!parsed.HasMessageId)
        {
            return default;
        }

        var messageId = _parser.MessageId;
        var requestId = parsed.HasRequestId ? _parser.RequestId : default;
        var length = messageId.Length + (parsed.HasRequestId ? 1 + requestId.Length : 0);
        if (_key.Length < length)
        {
            _key = new byte[length * 2];
        }

        messageId.CopyTo(_key);
        if (parsed.HasRequestId)
        {
            _key[messageId.Length] = (byte)':';
            requestId.CopyTo(_key.AsSpan(messageId.Length + 1));
        }

        return _key.AsSpan(0, length);
    }

    /// <summary>ccusage's name for a fast-mode call, one shared string per model.</summary>
    private string FastName(string model)
    {
        if (!ReferenceEquals(model, _fastOf))
        {
            _fastOf = model;
            _fastName = model + "-fast";
        }

        return _fastName!;
    }

    private static void Add(FileUsage usage, KeyedEntry entry, ReadOnlySpan<byte> keyText)
    {
        usage.Entries.Add(entry);
        usage.KeyTexts?.Add(entry.Key.IsNone ? null : Encoding.UTF8.GetString(keyText));
    }

    private static KeyIndex IndexOf(FileUsage usage)
    {
        var index = new KeyIndex(usage.Entries.Count);
        for (var i = 0; i < usage.Entries.Count; i++)
        {
            if (!usage.Entries[i].Key.IsNone && index.Find(usage.Entries[i].Key) < 0)
            {
                index.Add(usage.Entries[i].Key, i);
            }
        }

        return index;
    }
}
