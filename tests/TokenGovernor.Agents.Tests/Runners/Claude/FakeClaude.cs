using System.Runtime.Versioning;
using TokenGovernor.Agents.Runners;

namespace TokenGovernor.Agents.Tests.Runners.Claude;

/// <summary>
/// A <c>claude</c> on PATH that is the dummy agent in <c>--claude-stream</c> mode, with a script of its own
/// (turns, usage, …) before the arguments the runner passes. It records its argv and environment.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FakeClaude
{
    private readonly ScratchDirectory _scratch;

    public FakeClaude(ScratchDirectory scratch, params string[] script)
    {
        _scratch = scratch;
        var bin = scratch.File("bin");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Repo);
        var path = Path.Combine(bin, "claude");
        File.WriteAllText(path, $"""
            #!/bin/sh
            printf '%s\n' "$@" > {Quote(scratch.File("args.txt"))}
            env > {Quote(scratch.File("env.txt"))}
            exec {Quote(TestDummy.Dotnet)} {Quote(TestDummy.Dll)} --claude-stream {string.Join(' ', script.Select(Quote))} "$@"

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Bin = bin;
    }

    public string Bin { get; }

    public string Home => _scratch.File("home");

    public string Repo => _scratch.File("repo");

    public string OutputDirectory => _scratch.File("attempts/1");

    /// <summary>The arguments the fake was started with, the runner's only.</summary>
    public IReadOnlyList<string> Arguments => File.ReadAllLines(_scratch.File("args.txt"));

    public IReadOnlyDictionary<string, string> Environment => File.ReadAllLines(_scratch.File("env.txt"))
        .Where(line => line.Contains('=', StringComparison.Ordinal))
        .Select(line => line.Split('=', 2))
        .GroupBy(parts => parts[0])
        .ToDictionary(group => group.Key, group => group.Last()[1]);

    public string SessionLogFolder => Path.Combine(Home, ".claude", "projects");

    public AgentRequest Request(string prompt = "do the work", IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["PATH"] = Bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = Home,
        };
        return new AgentRequest("task-1", prompt, Repo, OutputDirectory, Model: null, variables);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
