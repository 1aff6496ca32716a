using System.Buffers;
using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage.Claude;

/// <summary>
/// Reads one Claude Code log once, in chunks. Only lines holding <c>"usage":{</c> are parsed (as ccusage reads
/// them); the user and tool-result lines that make up most of the bytes are stepped over without being looked at.
/// </summary>
internal sealed class ClaudeFileReader(UsageCost cost)
{
    private static readonly byte[] Marker = "\"usage\":{"u8.ToArray();
    private readonly ClaudeLineParser _parser = new();

    public FileUsage Read(LogFile file)
    {
        var usage = new FileUsage(file);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var filled = 0;
            long lineNumber = 1;
            var end = false;
            while (!end)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                end = read == 0;
                filled += read;
                var span = buffer.AsSpan(0, filled);
                var complete = end ? filled : span.LastIndexOf((byte)'\n') + 1;
                if (complete == 0 && !end)
                {
                    if (filled == buffer.Length)
                    {
                        buffer = Grow(buffer, filled);
                    }

                    continue;
                }

                lineNumber = Scan(span[..complete], lineNumber, usage);
                span[complete..].CopyTo(buffer);
                filled -= complete;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            usage.BadLines++;
            usage.Problems.Add(new LineProblem(file.Path, 0, $"cannot read the file: {error.Message}"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return usage;
    }

    /// <summary>Adds the usage in <paramref name="lines"/> (whole lines appended to the file) to what <paramref name="usage"/> holds.</summary>
    public void Append(FileUsage usage, ReadOnlySpan<byte> lines) => usage.NextLine = Scan(lines, usage.NextLine, usage);

    private long Scan(ReadOnlySpan<byte> text, long lineNumber, FileUsage usage)
    {
        var cursor = 0;
        while (cursor < text.Length)
        {
            var hit = text[cursor..].IndexOf(Marker);
            if (hit < 0)
            {
                lineNumber += text[cursor..].Count((byte)'\n');
                break;
            }

            var markerAt = cursor + hit;
            var lineStart = text[cursor..markerAt].LastIndexOf((byte)'\n') is var lf and >= 0 ? cursor + lf + 1 : cursor;
            lineNumber += text[cursor..lineStart].Count((byte)'\n');
            var lineEnd = text[markerAt..].IndexOf((byte)'\n') is var next and >= 0 ? markerAt + next : text.Length;
            var line = text[lineStart..lineEnd];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            Handle(line, lineNumber, usage);
            cursor = lineEnd < text.Length ? lineEnd + 1 : text.Length;
            if (lineEnd < text.Length)
            {
                lineNumber++;
            }
        }

        return lineNumber;
    }

    private void Handle(ReadOnlySpan<byte> line, long lineNumber, FileUsage usage)
    {
        if (!_parser.TryParse(line, out var parsed, out var reason))
        {
            usage.BadLines++;
            if (usage.Problems.Count < FileUsage.ProblemsKept)
            {
                usage.Problems.Add(new LineProblem(usage.File.Path, lineNumber, reason!));
            }

            return;
        }

        usage.EarliestMs = Math.Min(usage.EarliestMs, parsed.TimestampMs);
        if (usage.LastSession is null || !string.Equals(usage.LastSessionId, parsed.SessionId, StringComparison.Ordinal))
        {
            usage.LastSession = SessionPaths.Resolve(usage.File.RelativePath, usage.File.Project, parsed.SessionId);
            usage.LastSessionId = parsed.SessionId;
        }

        var tokens = new TokenCounts(parsed.Input, parsed.Output, parsed.CacheCreation ?? 0, parsed.CacheRead ?? 0, parsed.CacheCreation1h);
        var model = parsed.Model is null ? null : parsed.Speed == "fast" ? parsed.Model + "-fast" : parsed.Model;
        var entry = new KeyedEntry(
            new UsageEntry(parsed.TimestampMs, model, tokens, cost.Of(parsed, tokens), usage.LastSession, parsed.ResetTimeMs),
            parsed.MessageId is null ? null : parsed.RequestId is null ? parsed.MessageId : parsed.MessageId + ":" + parsed.RequestId,
            parsed.Speed is not null);
        if (entry.Key is null)
        {
            usage.Entries.Add(entry);
        }
        else if (usage.Index.TryGetValue(entry.Key, out var at))
        {
            if (entry.Beats(usage.Entries[at]))
            {
                usage.Entries[at] = entry;
            }
        }
        else
        {
            usage.Index[entry.Key] = usage.Entries.Count;
            usage.Entries.Add(entry);
        }
    }

    private static byte[] Grow(byte[] buffer, int filled)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
