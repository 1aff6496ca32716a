namespace TokenGovernor.Storage;

/// <summary>One invocation of <c>token-gov run</c>.</summary>
/// <param name="State">One of <see cref="RunStates"/>.</param>
/// <param name="SettingsJson">The run's settings as an opaque JSON document, kept so <c>rerun</c> can repeat it.</param>
public sealed record RunRecord(
    string Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string State,
    string RunDirectory,
    string SettingsJson,
    int? ExitCode);
