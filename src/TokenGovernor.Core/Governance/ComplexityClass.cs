namespace TokenGovernor.Core.Governance;

/// <summary>How much work a task is, by the tokens it is expected to take (boundaries in <see cref="ComplexityBoundaries"/>).</summary>
public enum ComplexityClass
{
    Simple,
    Complex,
    VeryComplex,
}

public static class ComplexityClasses
{
    private static readonly WireNames<ComplexityClass> Names = new(
        (ComplexityClass.Simple, "simple"),
        (ComplexityClass.Complex, "complex"),
        (ComplexityClass.VeryComplex, "very-complex"));

    public static string Choices => Names.Choices;

    public static string ToWire(this ComplexityClass value) => Names.ToWire(value);

    public static bool TryParse(string? wire, out ComplexityClass value) => Names.TryParse(wire, out value);

    public static ComplexityClass Parse(string wire) => TryParse(wire, out var value)
        ? value
        : throw new FormatException($"'{wire}' is not a complexity class");
}

/// <summary>
/// Where one class ends and the next begins, in tokens: simple below <see cref="SimpleBelow"/>, very complex
/// above <see cref="VeryComplexAbove"/>, complex in between (defaults: under 1k, 1k–5k, over 5k).
/// </summary>
public sealed record ComplexityBoundaries(long SimpleBelow = 1_000, long VeryComplexAbove = 5_000)
{
    public static readonly ComplexityBoundaries Default = new();

    public ComplexityClass Classify(long tokens) => tokens < SimpleBelow
        ? ComplexityClass.Simple
        : tokens <= VeryComplexAbove ? ComplexityClass.Complex : ComplexityClass.VeryComplex;

    /// <summary>The estimate and spread a class stands for when nothing else is known.</summary>
    public (long Low, long Typical, long High) Range(ComplexityClass value) => value switch
    {
        ComplexityClass.Simple => (SimpleBelow / 4, SimpleBelow / 2, SimpleBelow),
        ComplexityClass.Complex => (SimpleBelow, (SimpleBelow + VeryComplexAbove) / 2, VeryComplexAbove),
        _ => (VeryComplexAbove, VeryComplexAbove * 2, VeryComplexAbove * 4),
    };
}
