using TokenGovernor.Agents.Runners;
using TokenGovernor.Core;
using TokenGovernor.Engine.Execution;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Settings;

namespace TokenGovernor.Cli.Commands;

/// <summary>Flags as given on the command line; null means "not given", so settings and defaults apply.</summary>
internal sealed record RunFlags
{
    public IReadOnlyList<string> TaskSpecs { get; init; } = [];

    public string? ConfigPath { get; init; }

    public string? ReposDir { get; init; }

    public string? Filter { get; init; }

    public int? Workers { get; init; }

    public string? MaxRuntime { get; init; }

    public string? IdleTimeout { get; init; }

    public string? GracePeriod { get; init; }

    public bool FailFast { get; init; }

    public bool Retry { get; init; }

    public bool Resume { get; init; }

    public bool AllowFree { get; init; }
}

/// <summary>Combines flags, settings file and defaults into run options, and loads the task files.</summary>
internal static class RunSetup
{
    public static (RunOptions Options, LoadedTasks Tasks) Prepare(RunFlags flags, CommandContext context, RunnerRegistry runners)
    {
        var settings = SettingsLoader.Load(flags.ConfigPath, context.WorkingDirectory);
        var settingsFolder = settings.Path is null ? context.WorkingDirectory : Path.GetDirectoryName(settings.Path)!;
        var reposDir = flags.ReposDir is not null
            ? Path.GetFullPath(flags.ReposDir, context.WorkingDirectory)
            : settings.ReposDir is not null ? Path.GetFullPath(ExpandHome(settings.ReposDir), settingsFolder) : context.WorkingDirectory;
        if (!Directory.Exists(reposDir))
        {
            throw new TokenGovException($"repos folder {reposDir} does not exist; pass --repos-dir with an existing folder");
        }

        var workers = flags.Workers ?? settings.Workers ?? 4;
        if (workers < 1)
        {
            throw new TokenGovException($"--workers must be at least 1, not {workers}");
        }

        var options = new RunOptions
        {
            TaskFiles = [],
            Filter = flags.Filter,
            WorkingDirectory = context.WorkingDirectory,
            ReposDirectory = reposDir,
            ConfigPath = settings.Path,
            Workers = workers,
            MaxRuntime = Limit(flags.MaxRuntime, "--max-runtime", settings.MaxRuntime, TimeSpan.FromMinutes(30)),
            IdleTimeout = Limit(flags.IdleTimeout, "--idle-timeout", settings.IdleTimeout, TimeSpan.FromMinutes(5)),
            GracePeriod = flags.GracePeriod is null ? settings.GracePeriod ?? TimeSpan.FromSeconds(5) : Durations.Parse(flags.GracePeriod, "--grace-period"),
            FailFast = flags.FailFast || settings.FailFast == true,
            Retry = flags.Retry,
            WaitForBudget = flags.Resume,
            PostRun = settings.PostRun,
            AllowFree = flags.AllowFree,
            RateLimitBlock = settings.RateLimitBlock ?? TimeSpan.FromHours(1),
            RetryBackoff = settings.RetryBackoff ?? TimeSpan.FromSeconds(2),
            StateDirectory = context.StateDirectory,
        };
        var loaded = TaskLoader.Load(flags.TaskSpecs, flags.Filter, settings, new RepoResolver(reposDir), runners.Types, context.WorkingDirectory);
        return (options with { TaskFiles = [.. loaded.Set.Files.Select(file => Path.GetFullPath(file, context.WorkingDirectory))] }, loaded);
    }

    /// <summary>A limit: the flag, else the settings, else the default; 0 or "off" means no limit.</summary>
    private static TimeSpan? Limit(string? flag, string name, TimeSpan? fromSettings, TimeSpan fallback)
    {
        var value = flag switch
        {
            null => fromSettings ?? fallback,
            "off" or "none" => TimeSpan.Zero,
            _ => Durations.Parse(flag, name),
        };
        return value == TimeSpan.Zero ? null : (TimeSpan?)value;
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]) : path;
}
