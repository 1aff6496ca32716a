using System.CommandLine;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary>Where the command runs: working folder, state folder, store. Opened once per command.</summary>
internal sealed class CommandContext(string workingDirectory, string stateDirectory, string storePath)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public string StateDirectory { get; } = stateDirectory;

    public string StorePath { get; } = storePath;

    public static CommandContext From(ParseResult parse, Option<string> stateDir, Option<string?> store)
    {
        var working = Directory.GetCurrentDirectory();
        var state = Path.GetFullPath(parse.GetValue(stateDir)!, working);
        var storePath = parse.GetValue(store) ?? Environment.GetEnvironmentVariable("TOKEN_GOV_STORE") ?? Path.Combine(state, "governor.db");
        return new CommandContext(working, state, Path.GetFullPath(storePath, working));
    }

    public Task<SqliteGovernorStore> OpenStoreAsync(CancellationToken cancellationToken) =>
        SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, cancellationToken);
}
