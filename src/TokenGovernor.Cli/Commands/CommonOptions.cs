using System.CommandLine;

namespace TokenGovernor.Cli.Commands;

/// <summary>Options several commands share, defined once so their names and help never drift apart.</summary>
internal static class CommonOptions
{
    public static Option<string> StateDir() => new("--state-dir")
    {
        Description = "Folder holding the store and the runs",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOKEN_GOV_HOME") ?? ".token-gov",
    };

    public static Option<string?> Store() => new("--store")
    {
        Description = "SQLite store file (default: <state-dir>/governor.db; env TOKEN_GOV_STORE)",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of text" };

    public static Option<string[]> Tasks() => new("--tasks", "-t")
    {
        Description = "Task file(s): a file, a comma list or a glob; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Argument<string[]> TaskFiles() => new("files")
    {
        Description = "More task files",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> ReposDir() => new("--repos-dir") { Description = "Folder holding the repositories named as owner/name (default: settings, else the current folder)" };

    public static Option<string?> Config() => new("--config") { Description = "Settings file (default: .token-gov.yml if present)" };

    public static Option<string?> RunDir() => new("--run-dir") { Description = "Run folder (default: the latest run)" };
}
