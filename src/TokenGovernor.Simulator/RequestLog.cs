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
