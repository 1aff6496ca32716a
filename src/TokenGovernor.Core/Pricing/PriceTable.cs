using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace TokenGovernor.Core.Pricing;

/// <summary>
/// Model prices in LiteLLM's <c>model_prices_and_context_window.json</c> format, with ccusage's model matching:
/// an exact key (also under a few provider prefixes), else the first key in file order where either lower-cased
/// name contains the other.
/// </summary>
public sealed class PriceTable
{
    private const string ResourceName = "TokenGovernor.Core.Pricing.model_prices.json";

    // The prefixes ccusage tries, in its order: a log's "claude-sonnet-4-5" is priced under "anthropic/claude-sonnet-4-5" and so on.
    private static readonly string[] Prefixes = ["anthropic/", "claude-3-5-", "claude-3-", "claude-", "openrouter/openai/"];

    private static readonly Lazy<PriceTable> Default = new(() =>
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded price table {ResourceName} is missing");
        return Parse(stream, "the built-in price table");
    });

    private readonly List<KeyValuePair<string, ModelPrice>> _ordered;
    private readonly Dictionary<string, ModelPrice> _byName;
    private readonly ConcurrentDictionary<string, ModelPrice?> _matches = new(StringComparer.Ordinal);

    private PriceTable(List<KeyValuePair<string, ModelPrice>> ordered)
    {
        _ordered = ordered;
        _byName = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var (name, price) in ordered)
        {
            _byName[name] = price;
        }
    }

    /// <summary>Model names in file order.</summary>
    public IReadOnlyList<string> Models => [.. _ordered.Select(pair => pair.Key)];

    /// <summary>The table shipped with token-gov: the Claude prices ccusage uses offline, and OpenAI (Codex) models.</summary>
    public static PriceTable LoadDefault() => Default.Value;

    /// <summary>Reads a LiteLLM-format price file; a missing or malformed file is a <see cref="TokenGovException"/>.</summary>
    public static PriceTable Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Parse(stream, path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new TokenGovException($"cannot read the price file {path}: {error.Message}");
        }
    }

    /// <summary>Parses a LiteLLM-format document. Entries whose price fields are not numbers are left out, as ccusage does.</summary>
    public static PriceTable Parse(Stream json, string source = "price table")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException error)
        {
            throw new TokenGovException($"{source} is not valid JSON: {error.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenGovException($"{source} must be a JSON object of model name → prices (LiteLLM's model_prices_and_context_window.json format)");
            }

            var ordered = new List<KeyValuePair<string, ModelPrice>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (PriceFields.TryRead(property.Value) is { } price)
                {
                    ordered.Add(new(property.Name, price));
                }
            }

            return new PriceTable(ordered);
        }
    }

    /// <summary>Finds the price of a model as named in an agent's log.</summary>
    public bool TryFind(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        price = _matches.GetOrAdd(model, Match);
        return price is not null;
    }

    private ModelPrice? Match(string model)
    {
        if (_byName.TryGetValue(model, out var exact))
        {
            return exact;
        }

        foreach (var prefix in Prefixes)
        {
            if (_byName.TryGetValue(prefix + model, out var prefixed))
            {
                return prefixed;
            }
        }

        var lower = model.ToLowerInvariant();
        foreach (var (name, candidate) in _ordered)
        {
            var key = name.ToLowerInvariant();
            if (key.Contains(lower, StringComparison.Ordinal) || lower.Contains(key, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
