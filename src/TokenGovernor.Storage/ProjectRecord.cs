using TokenGovernor.Core.Governance;

namespace TokenGovernor.Storage;

/// <summary>A registered project: its owner, tier (1 high, 2 low) and budget with its window, zone and counted kinds.</summary>
public sealed record ProjectRecord(
    string Id,
    string Name,
    string Owner,
    int Tier,
    Budget Budget,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
