using System.Globalization;
using System.Text.Json;

namespace TokenGovernor.Core.Tasks;

/// <summary>Typed access to JSON fields that records a problem, with the field's path, instead of throwing.</summary>
internal sealed class FieldReader(string file, ProblemList problems)
{
    public string File => file;

    public void Problem(string path, string message, string? hint = null) => problems.Add(file, path, message, hint);

    public void RejectUnknown(JsonElement element, string path, IReadOnlyCollection<string> known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                var suggestion = Spelling.Closest(property.Name, known);
                var hint = suggestion is null
                    ? $"known fields: {string.Join(", ", known)}"
                    : $"did you mean \"{suggestion}\"?";
                Problem($"{path}.{property.Name}", "is not a known field", hint);
            }
        }
    }

    public string? String(JsonElement parent, string path, string name, bool required = false)
    {
        if (!Get(parent, path, name, required, "a string", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Problem($"{path}.{name}", $"must be a string, not {TaskFileParser.Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Problem($"{path}.{name}", "must not be empty");
            return null;
        }

        return text;
    }

    public bool? Bool(JsonElement parent, string path, string name)
    {
        if (!Get(parent, path, name, false, "true or false", out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Problem($"{path}.{name}", $"must be true or false, not {TaskFileParser.Describe(value)}");
        return null;
    }

    public long? Integer(JsonElement parent, string path, string name, bool required = false, long min = long.MinValue)
    {
        if (!Get(parent, path, name, required, "a whole number", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Problem($"{path}.{name}", $"must be a whole number, not {TaskFileParser.Describe(value)}");
            return null;
        }

        if (number < min)
        {
            Problem($"{path}.{name}", $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, not {number.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return number;
    }

    public double? Number(JsonElement parent, string path, string name)
    {
        if (!Get(parent, path, name, false, "a number", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Problem($"{path}.{name}", $"must be a number, not {TaskFileParser.Describe(value)}");
            return null;
        }

        return value.GetDouble();
    }

    /// <summary>A list of strings; with <paramref name="allowSingle"/> a lone string counts as a list of one.</summary>
    public List<string>? StringList(JsonElement parent, string path, string name, bool allowSingle)
    {
        if (!Get(parent, path, name, false, "a list of strings", out var value))
        {
            return null;
        }

        if (allowSingle && value.ValueKind == JsonValueKind.String)
        {
            var single = value.GetString()!;
            return string.IsNullOrWhiteSpace(single) ? [] : [single];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            var expected = allowSingle ? "a string or an array of strings" : "an array of strings";
            Problem($"{path}.{name}", $"must be {expected}, not {TaskFileParser.Describe(value)}");
            return null;
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                list.Add(item.GetString()!);
            }
            else
            {
                Problem($"{path}.{name}[{index}]", $"must be a non-empty string, not {TaskFileParser.Describe(item)}");
            }

            index++;
        }

        return list;
    }

    public bool Get(JsonElement parent, string path, string name, bool required, string expected, out JsonElement value)
    {
        if (parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Problem($"{path}.{name}", "is missing", $"add \"{name}\": {expected}");
        }

        return false;
    }
}
