using TokenGovernor.Core.Pricing;

namespace TokenGovernor.Usage.Reports;

/// <summary>
/// Sums entries into a row as ccusage does: every entry counts in the totals; <c>&lt;synthetic&gt;</c> stays out of
/// the model lists; entries without a model go to an <c>unknown</c> breakdown that <c>modelsUsed</c> does not name.
/// </summary>
internal sealed class Summary
{
    public const string Synthetic = "<synthetic>";
    public const string Unknown = "unknown";

    private readonly List<string> _modelsUsed = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<Breakdown> _breakdowns = [];
    private readonly Dictionary<string, Breakdown> _byModel = new(StringComparer.Ordinal);
    private Breakdown? _lastPart;
    private string? _lastModel;
    private long _input, _output, _creation, _read;
    private double _cost;

    public void Add(string? model, TokenCounts tokens, double cost)
    {
        AddTotals(tokens.Input, tokens.Output, tokens.CacheCreation, tokens.CacheRead, cost);
        if (model == Synthetic)
        {
            return;
        }

        // Models come in runs (model names are shared strings): the same one again needs no look-up.
        if (_lastPart is null || !ReferenceEquals(model, _lastModel))
        {
            if (model is not null)
            {
                UseModel(model);
            }

            _lastPart = Breakdown(model ?? Unknown);
            _lastModel = model;
        }

        _lastPart.Add(tokens.Input, tokens.Output, tokens.CacheCreation, tokens.CacheRead, cost);
    }

    /// <summary>Adds a finished row (weekly and monthly are built from daily rows).</summary>
    public void AddRow(UsageRow row)
    {
        AddTotals(row.Totals.InputTokens, row.Totals.OutputTokens, row.Totals.CacheCreationTokens, row.Totals.CacheReadTokens, row.Totals.TotalCost);
        foreach (var model in row.ModelsUsed)
        {
            if (model != Synthetic)
            {
                UseModel(model);
            }
        }

        foreach (var part in row.Breakdowns)
        {
            if (part.ModelName != Synthetic)
            {
                Breakdown(part.ModelName).Add(part.InputTokens, part.OutputTokens, part.CacheCreationTokens, part.CacheReadTokens, part.Cost);
            }
        }
    }

    public Totals Totals => new(_input, _output, _creation, _read, _cost);

    public IReadOnlyList<string> ModelsUsed => _modelsUsed;

    /// <summary>Highest cost first; equal costs keep first-seen order.</summary>
    public IReadOnlyList<ModelBreakdown> Breakdowns =>
        [.. _breakdowns.Select(part => new ModelBreakdown(part.Name, part.Input, part.Output, part.Creation, part.Read, part.Cost)).OrderByDescending(part => part.Cost)];

    private void AddTotals(long input, long output, long creation, long read, double cost)
    {
        _input += input;
        _output += output;
        _creation += creation;
        _read += read;
        _cost += cost;
    }

    private void UseModel(string model)
    {
        if (_seen.Add(model))
        {
            _modelsUsed.Add(model);
        }
    }

    private Breakdown Breakdown(string model)
    {
        if (!_byModel.TryGetValue(model, out var part))
        {
            part = new Breakdown(model);
            _byModel[model] = part;
            _breakdowns.Add(part);
        }

        return part;
    }
}

internal sealed class Breakdown(string name)
{
    public string Name { get; } = name;

    public long Input { get; private set; }

    public long Output { get; private set; }

    public long Creation { get; private set; }

    public long Read { get; private set; }

    public double Cost { get; private set; }

    public void Add(long input, long output, long creation, long read, double cost)
    {
        Input += input;
        Output += output;
        Creation += creation;
        Read += read;
        Cost += cost;
    }
}
