using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>A group of a project's tasks with its own budget, priority and deadline.</summary>
public sealed record PackageRecord(
    string Id,
    string ProjectId,
    string Name,
    Budget Budget,
    int Priority,
    DateTimeOffset? Deadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
