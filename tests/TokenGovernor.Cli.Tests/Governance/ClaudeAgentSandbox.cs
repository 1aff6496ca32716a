using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Tests.Governance;

/// <summary>
/// A sandbox where <c>claude</c> on PATH is the dummy agent speaking Claude Code's stream-json, scripted per task
/// (turns, usage, how it answers a checkpoint), with git repositories, and a clock token-gov reads from a file
/// (TOKEN_GOV_CLOCK_FILE), so a test can move time forward under a running <c>run</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClaudeAgentSandbox : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly Dictionary<string, string[]> _scripts = new(StringComparer.Ordinal);

    public ClaudeAgentSandbox()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Home);
        SetClock(Epoch);
    }

    /// <summary>Where the clock starts: Monday 2 June 2025, 12:00 UTC.</summary>
    public DateTimeOffset Epoch { get; } = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public string Root => _sandbox.Root;

    public string Bin => Path.Combine(_sandbox.Root, "bin");

    public string Home => Path.Combine(_sandbox.Root, "home");

    public string ClockFile => Path.Combine(_sandbox.Root, "clock.txt");

    public string StorePath => Path.Combine(_sandbox.StateDir, "governor.db");

    /// <summary>Every argument list the agents were started with, one line per start: "task: args".</summary>
    public string[] Starts => File.Exists(Path.Combine(Root, "starts.log")) ? File.ReadAllLines(Path.Combine(Root, "starts.log")) : [];

    /// <summary>Moves token-gov's clock to <paramref name="at"/> (it moves on at real speed from there).</summary>
    public void SetClock(DateTimeOffset at)
    {
        var temporary = ClockFile + ".new";
        File.WriteAllText(temporary, at.ToString("O", CultureInfo.InvariantCulture));
        File.Move(temporary, ClockFile, overwrite: true);
    }

    /// <summary>The dummy agent's script for one task (e.g. "--turns", "12"), put before the arguments token-gov passes.</summary>
    public void Script(string taskId, params string[] script) => _scripts[taskId] = script;

    /// <summary>A git repository with one commit on main.</summary>
    public string Repo(string name)
    {
        var repo = _sandbox.Repo(name);
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "app.txt"), "v1\n");
        Git(repo, "add", "app.txt");
        Git(repo, "commit", "-q", "-m", "first");
        return repo;
    }

    public string RepoPath(string name) => Path.Combine(_sandbox.ReposDir, name);

    /// <summary>Writes tasks.json (runner claude) and the <c>claude</c> on PATH that plays each task's script.</summary>
    public void WriteTasks(params JsonObject[] tasks)
    {
        foreach (var task in tasks)
        {
            task["title"] ??= $"Task {(string?)task["id"]}";
        }

        var file = new JsonObject { ["default_runner"] = "claude", ["tasks"] = new JsonArray([.. tasks]) };
        _sandbox.WriteFile("tasks.json", file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var cases = string.Concat(_scripts.Select(entry => $"  {Quote(entry.Key)}) set -- {string.Join(' ', entry.Value.Select(Quote))} \"$@\" ;;\n"));
        var path = Path.Combine(Bin, "claude");
        File.WriteAllText(path, $"""
            #!/bin/sh
            echo "$TOKEN_GOV_TASK_ID: $*" >> {Quote(Path.Combine(Root, "starts.log"))}
            case "$TOKEN_GOV_TASK_ID" in
            {cases}esac
            exec {Quote("dotnet")} {Quote(TokenGov.DummyAgentDll)} --claude-stream "$@"

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static JsonObject Task(string id, string repo, string project, int priority = 1, long estimate = 100, long? budget = null)
    {
        var task = new JsonObject { ["id"] = id, ["repo"] = repo, ["priority"] = priority, ["prompt"] = $"Do {id}", ["project"] = project, ["estimate"] = estimate };
        if (budget is { } tokens)
        {
            task["budget"] = tokens;
        }

        return task;
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["PATH"] = Bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["HOME"] = Home,
        ["TOKEN_GOV_CLOCK_FILE"] = ClockFile,
        ["GIT_AUTHOR_NAME"] = "Dev",
        ["GIT_AUTHOR_EMAIL"] = "dev@example.com",
        ["GIT_COMMITTER_NAME"] = "Dev",
        ["GIT_COMMITTER_EMAIL"] = "dev@example.com",
    };

    public RunningCli Start(params string[] args) => TokenGov.Start(Root, Environment(), args);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var running = Start(args);
        return await running.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Runs a command that must succeed.</summary>
    public async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    public async Task<JsonNode> JsonAsync(params string[] args) => JsonNode.Parse((await OkAsync([.. args, "--json"])).Stdout)!;

    public RunningCli StartRun(params string[] extra) =>
        Start(["run", "tasks.json", "--repos-dir", "repos", "--tui", "minimal", .. extra]);

    public async Task<CliResult> Run(params string[] extra)
    {
        using var running = StartRun(extra);
        return await running.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public JsonNode LatestReport() => _sandbox.LatestReport();

    public async Task<T> WithStore<T>(Func<SqliteGovernorStore, Task<T>> read)
    {
        await using var store = await SqliteGovernorStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None);
        return await read(store);
    }

    public static string Git(string repo, params string[] args) => TokenGovernor.Tests.Shared.TestGit.Run(repo, args);

    public void Dispose() => _sandbox.Dispose();

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
