using System.Globalization;
using TokenGovernor.Core;
using TokenGovernor.Core.Tasks;
using YamlDotNet.RepresentationModel;

namespace TokenGovernor.Engine.Settings;

/// <summary>Typed reads of YAML scalars that record a problem with the file and line instead of throwing.</summary>
internal sealed class YamlReader(string file, ProblemList problems)
{
    public string File => file;

    /// <summary>A mapping key as text; a key that is itself a list or mapping is shown as written, so it is reported, not cast.</summary>
    public static string Key(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : node.ToString();

    public void Problem(YamlNode node, string key, string message, string? hint = null) =>
        problems.Add(new Problem(file, key, message, hint) { Line = (int)node.Start.Line });

    public string? String(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Problem(node, key, "must be a single value");
        return null;
    }

    public long? Integer(YamlNode node, string key, long min)
    {
        var text = String(node, key);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        Problem(node, key, $"'{text}' must be a whole number of at least {min}");
        return null;
    }

    public bool? Bool(YamlNode node, string key)
    {
        var text = String(node, key);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Problem(node, key, $"'{text}' must be true or false");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string key)
    {
        var text = String(node, key);
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var duration))
        {
            return duration;
        }

        Problem(node, key, $"'{text}' is not a duration", "write it like 30m, 1h30m, 90s or 250ms");
        return null;
    }

    public List<string>? StringList(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { } single })
        {
            return [single];
        }

        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children.Select(item => String(item, key)).OfType<string>()];
        }

        Problem(node, key, "must be a list of names");
        return null;
    }

    public Dictionary<string, string> StringMap(YamlNode node, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Problem(node, key, "must be a mapping of names to values");
            return map;
        }

        foreach (var (name, value) in mapping.Children)
        {
            var text = String(value, $"{key}.{name}");
            if (text is not null)
            {
                map[Key(name)] = text;
            }
        }

        return map;
    }
}
