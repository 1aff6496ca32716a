namespace TokenGovernor.Core.Tasks;

/// <summary>Something wrong with the user's input: where it is, what is wrong and what to do about it.</summary>
public sealed record Problem(string File, string Path, string Message, string? Hint = null)
{
    public int? Line { get; init; }

    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var at = string.IsNullOrEmpty(Path) ? "" : $" {Path}";
        var hint = Hint is null ? "" : $" ({Hint})";
        return $"{where}:{at} {Message}{hint}";
    }
}

/// <summary>Collects problems so that every one is reported at once.</summary>
public sealed class ProblemList : List<Problem>
{
    public void Add(string file, string path, string message, string? hint = null) =>
        Add(new Problem(file, path, message, hint));
}
