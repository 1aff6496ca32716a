using System.Globalization;
using System.Text;

namespace TokenGovernor.Usage.Json;

/// <summary>Writes JSON exactly as JavaScript's <c>JSON.stringify(value, null, 2)</c> lays it out.</summary>
public sealed class JsJsonWriter
{
    private readonly StringBuilder _out = new();
    private readonly Stack<int> _counts = new();
    private bool _afterName;

    public JsJsonWriter StartObject() => Open('{');

    public JsJsonWriter EndObject() => Close('}');

    public JsJsonWriter StartArray() => Open('[');

    public JsJsonWriter EndArray() => Close(']');

    public JsJsonWriter Name(string name)
    {
        BeforeValue();
        WriteString(name);
        _out.Append(": ");
        _afterName = true;
        return this;
    }

    public JsJsonWriter String(string? value)
    {
        BeforeValue();
        if (value is null)
        {
            _out.Append("null");
        }
        else
        {
            WriteString(value);
        }

        return this;
    }

    public JsJsonWriter Number(double value)
    {
        BeforeValue();
        _out.Append(JsNumber.Format(value));
        return this;
    }

    public JsJsonWriter Bool(bool value)
    {
        BeforeValue();
        _out.Append(value ? "true" : "false");
        return this;
    }

    public JsJsonWriter Null()
    {
        BeforeValue();
        _out.Append("null");
        return this;
    }

    public JsJsonWriter Property(string name, double value) => Name(name).Number(value);

    public JsJsonWriter Property(string name, string? value) => Name(name).String(value);

    public JsJsonWriter Property(string name, bool value) => Name(name).Bool(value);

    public JsJsonWriter StringArray(string name, IEnumerable<string> values)
    {
        Name(name).StartArray();
        foreach (var value in values)
        {
            String(value);
        }

        return EndArray();
    }

    public override string ToString() => _out.ToString();

    private JsJsonWriter Open(char bracket)
    {
        BeforeValue();
        _out.Append(bracket);
        _counts.Push(0);
        return this;
    }

    private JsJsonWriter Close(char bracket)
    {
        var count = _counts.Pop();
        if (count > 0)
        {
            _out.Append('\n').Append(' ', _counts.Count * 2);
        }

        _out.Append(bracket);
        return this;
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_counts.Count == 0)
        {
            return;
        }

        var count = _counts.Pop();
        if (count > 0)
        {
            _out.Append(',');
        }

        _out.Append('\n').Append(' ', (_counts.Count + 1) * 2);
        _counts.Push(count + 1);
    }

    private void WriteString(string value)
    {
        _out.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': _out.Append("\\\""); break;
                case '\\': _out.Append("\\\\"); break;
                case '\b': _out.Append("\\b"); break;
                case '\f': _out.Append("\\f"); break;
                case '\n': _out.Append("\\n"); break;
                case '\r': _out.Append("\\r"); break;
                case '\t': _out.Append("\\t"); break;
                default:
                    var lone = char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]));
                    if (char.IsHighSurrogate(c) && !lone)
                    {
                        _out.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 || lone)
                    {
                        _out.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _out.Append(c);
                    }

                    break;
            }
        }

        _out.Append('"');
    }
}
