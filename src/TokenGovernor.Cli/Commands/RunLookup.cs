using TokenGovernor.Core;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary>Finds a run in the store from a <c>--run-dir</c> (its folder name is the run id), or the latest run.</summary>
internal static class RunLookup
{
    public static async Task<RunRecord?> FindAsync(IGovernorStore store, string? runDir, CancellationToken cancellationToken)
    {
        if (runDir is null)
        {
            return await store.GetLatestRunAsync(cancellationToken)
                ?? throw new TokenGovException("no runs yet; start one with 'token-gov run --tasks FILE'");
        }

        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)));
        return await store.GetRunAsync(id, cancellationToken);
    }
}
