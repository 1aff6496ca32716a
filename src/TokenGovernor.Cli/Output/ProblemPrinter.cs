using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Cli.Output;

/// <summary>Prints every input problem, one per line: file[:line]: path what is wrong (what to do).</summary>
internal static class ProblemPrinter
{
    public static void Print(TextWriter writer, IReadOnlyList<Problem> problems)
    {
        foreach (var problem in problems)
        {
            writer.WriteLine($"error: {problem}");
        }

        writer.WriteLine($"{problems.Count} {(problems.Count == 1 ? "problem" : "problems")} found; nothing was run.");
    }
}
