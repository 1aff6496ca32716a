using System.Text;
using System.Text.Json;

namespace TokenGovernor.Simulator.Scenarios;

/// <summary>The line each JSON value starts on, by its path (<c>$.turns[1].usage</c>), so errors can point at the file.</summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    public int LineOf(string path)
    {
        // A missing field has no line of its own: point at the object that should hold it.
        for (var probe = path; probe.Length > 0; probe = Parent(probe))
        {
            if (_lines.TryGetValue(probe, out var line))
            {
                return line;
            }
        }

        return 1;
    }

    public static JsonLineMap Build(byte[] utf8)
    {
        var map = new JsonLineMap();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            for (; counted < start; counted++)
            {
                if (utf8[counted] == (byte)'\n')
                {
                    line++;
                }
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    frames.Peek().Property = reader.GetString();
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    var path = frames.Count == 0 ? "$" : frames.Peek().ChildPath();
                    map._lines.TryAdd(path, line);
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    }

                    break;
            }
        }

        return map;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private sealed class Frame(string path, bool isArray)
    {
        private int _index = -1;

        public string? Property { get; set; }

        public string ChildPath()
        {
            if (!isArray)
            {
                return new StringBuilder(path).Append('.').Append(Property).ToString();
            }

            _index++;
            return $"{path}[{_index}]";
        }
    }
}
