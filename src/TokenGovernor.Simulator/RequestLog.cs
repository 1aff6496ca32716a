using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator;

/// <summary>One JSON line per request served (and per hang or client disconnect), in a file and in memory.</summary>
public sealed class RequestLog(string? path, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _entries = [];
    private readonly StreamWriter? _writer = path is null ? null : OpenWriter(path);
    private int _sequence;

    public IReadOnlyList<JsonObject> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select(entry => entry.DeepClone().AsObject())];
            }
        }
    }

    /// <summary>What the model served in full so far: answers, and the sum of each usage field over them.</summary>
    public JsonObject UsageTotals()
    {
        var served = Entries.Where(entry => entry["usage"] is JsonObject).Select(entry => entry["usage"]!.AsObject()).ToList();
        var totals = new JsonObject { ["requests"] = Entries.Count(entry => entry["event"] is null), ["answers"] = served.Count };
        foreach (var field in (string[])["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "reasoning_tokens"])
        {
            totals[field] = served.Sum(usage => (long)usage[field]!);
        }

        return totals;
    }

    public void Write(JsonObject entry)
    {
        lock (_gate)
        {
            var line = new JsonObject
            {
                ["ts"] = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
                ["seq"] = ++_sequence,
            };
            foreach (var (name, value) in entry)
            {
                line[name] = value?.DeepClone();
            }

            _entries.Add(line);
            _writer?.WriteLine(line.ToJsonString(Json.Wire));
            _writer?.Flush();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
        }
    }

    private static StreamWriter OpenWriter(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = false };
    }
}
