namespace TokenGovernor.Engine.Governance;

/// <summary>A project as a user registers it; every text is checked by <see cref="Registry"/>.</summary>
public sealed record ProjectRegistration(
    string? Id,
    string Name,
    string Owner,
    int Tier,
    long? Tokens,
    decimal? Usd,
    string? Window,
    string? TimeZone = null,
    string? WeekStart = null,
    string? CountedKinds = null);

/// <summary>A package as a user adds it to a project (id or name).</summary>
public sealed record PackageRegistration(string Project, string? Id, string Name, long? Tokens, decimal? Usd, int Priority, string? Deadline);

/// <summary>A task as a user adds it to a project (id or name) and optionally a package (id or name) and a parent task.</summary>
public sealed record TaskRegistration(
    string Project,
    string? Package,
    string? Id,
    string Title,
    long? Tokens,
    decimal? Usd,
    string? Complexity,
    long? Estimate,
    string? Difficulty = null,
    double? Score = null,
    string? Prompt = null,
    string? Runner = null,
    string? Parent = null,
    int Priority = 0);
