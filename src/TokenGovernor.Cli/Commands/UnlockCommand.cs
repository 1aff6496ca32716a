using System.CommandLine;
using TokenGovernor.Agents.Locks;
using TokenGovernor.Core;
using TokenGovernor.Engine.Loading;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov unlock --repo</c>: remove a repo lock left behind. A lock of a live process stays unless --force.</summary>
internal sealed class UnlockCommand : Command
{
    private readonly Option<string> _repo = new("--repo") { Description = "Repository (owner/name under --repos-dir, or a path)", Required = true };
    private readonly Option<string?> _reposDir = CommonOptions.ReposDir();
    private readonly Option<bool> _force = new("--force") { Description = "Remove the lock even if its owner is still running" };

    public UnlockCommand()
        : base("unlock", "Remove a repository's lock file left by a crashed run")
    {
        Options.Add(_repo);
        Options.Add(_reposDir);
        Options.Add(_force);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var repo = parse.GetValue(_repo)!;
        var reposDir = Path.GetFullPath(parse.GetValue(_reposDir) ?? ".");
        var folder = new RepoResolver(reposDir).Resolve(repo)
            ?? throw new TokenGovException($"repository \"{repo}\" not found under {reposDir}; pass --repos-dir");
        var holder = RepoLock.Read(folder);
        if (holder is null)
        {
            await Console.Out.WriteLineAsync($"{folder}: not locked");
            return 0;
        }

        if (!RepoLock.IsStale(holder) && !parse.GetValue(_force))
        {
            throw new TokenGovException($"{folder} is locked by running process {holder.Pid} (run {holder.RunId}, task {holder.TaskId}); stop it first or pass --force");
        }

        RepoLock.Remove(folder);
        await Console.Out.WriteLineAsync($"{folder}: removed lock of pid {holder.Pid} (run {holder.RunId}, task {holder.TaskId})");
        return 0;
    }
}
