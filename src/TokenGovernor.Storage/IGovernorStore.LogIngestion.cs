namespace TokenGovernor.Storage;

/// <summary><c>token-gov measure</c>: agent logs read into the store incrementally.</summary>
public partial interface IGovernorStore
{
    /// <summary>Every log file read so far, with its position.</summary>
    Task<IReadOnlyList<LogFileRecord>> ListLogFilesAsync(CancellationToken cancellationToken);

    /// <summary>The log files among <paramref name="paths"/> read so far, with their positions (paths never read are left out).</summary>
    Task<IReadOnlyList<LogFileRecord>> FindLogFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>The saved listing of every log tree (see <see cref="LogIndexRecord"/>).</summary>
    Task<IReadOnlyList<LogIndexRecord>> ListLogIndexAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: stores the calls (a call already stored is replaced only by a larger token total — Claude Code
    /// writes partial counts first), saves the files' new positions, and attributes every unattributed call whose session
    /// id an agent reported to that agent's task and project. The trees' listings in <paramref name="index"/> are saved
    /// (or removed, for a null listing) in the same transaction, so a listing never claims more than the positions do.
    /// </summary>
    Task<LogIngestResult> IngestLogAsync(
        IReadOnlyList<LogFileRecord> files, IReadOnlyList<LogUsageRecord> usage, IReadOnlyList<LogIndexRecord> index, DateTimeOffset readAt, CancellationToken cancellationToken);

    /// <summary>Log usage per governed task, for the calls attributed to one.</summary>
    Task<IReadOnlyList<LogTaskUsage>> SumLogUsageByTaskAsync(CancellationToken cancellationToken);
}
