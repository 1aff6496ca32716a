namespace TokenGovernor.Storage;

/// <summary>Blocked runners and the graylist; runner names are compared as given, a null model means the whole runner.</summary>
public partial interface IGovernorStore
{
    /// <summary>Blocks a runner (or one model) until a time; an existing block that lasts longer is kept.</summary>
    Task BlockRunnerAsync(RunnerBlockRecord block, CancellationToken cancellationToken);

    /// <summary>
    /// The block that stops <paramref name="runner"/> with <paramref name="model"/> at <paramref name="now"/>: a block
    /// of that model or of the whole runner, whichever lasts longer; null when none is in force.
    /// </summary>
    Task<RunnerBlockRecord?> GetRunnerBlockAsync(string runner, string? model, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The blocks in force at <paramref name="now"/>, by runner then model.</summary>
    Task<IReadOnlyList<RunnerBlockRecord>> ListRunnerBlocksAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Lifts the blocks of one runner (every model), or of all runners when null; returns how many.</summary>
    Task<int> ClearRunnerBlocksAsync(string? runner, CancellationToken cancellationToken);

    /// <summary>Adds an entry; false (and the first entry kept) when the runner and model are already there.</summary>
    Task<bool> AddToGraylistAsync(GraylistRecord entry, CancellationToken cancellationToken);

    /// <summary>Removes the entry of exactly this runner and model; false when there was none.</summary>
    Task<bool> RemoveFromGraylistAsync(string runner, string? model, CancellationToken cancellationToken);

    /// <summary>Every entry, by runner then model.</summary>
    Task<IReadOnlyList<GraylistRecord>> ListGraylistAsync(CancellationToken cancellationToken);

    /// <summary>Removes every entry; returns how many.</summary>
    Task<int> ClearGraylistAsync(CancellationToken cancellationToken);

    /// <summary>True when the runner is graylisted as a whole, or with this very model.</summary>
    Task<bool> IsGraylistedAsync(string runner, string? model, CancellationToken cancellationToken);
}
