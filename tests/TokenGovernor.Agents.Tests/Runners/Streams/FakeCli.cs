using System.Runtime.Versioning;
using TokenGovernor.Agents.Runners;

namespace TokenGovernor.Agents.Tests.Runners.Streams;

/// <summary>
/// An agent CLI on PATH (e.g. <c>codex</c>) that is the dummy agent printing that CLI's JSON format, with a script of
/// its own (turns, usage, rate limit, …) before the runner's arguments. It records its argv and environment.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FakeCli
{
    private readonly ScratchDirectory _scratch;

    public FakeCli(ScratchDirectory scratch, string program, string mode, params string[] script)
    {
        _scratch = scratch;
        var bin = scratch.File("bin");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(Repo);
        var path = Path.Combine(bin, program);
        File.WriteAllText(path, $"""
            #!/bin/sh
            printf '%s\n' "$@" > {Quote(scratch.File("args.txt"))}
            env > {Quote(scratch.File("env.txt"))}
            exec {Quote(TestDummy.Dotnet)} {Quote(TestDummy.Dll)} {mode} {string.Join(' ', script.Select(Quote))} --end-script "$@"

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Bin = bin;
    }

    public string Bin { get; }

    public string Repo => _scratch.File("repo");

    public string OutputDirectory => _scratch.File("attempts/1");

    public IReadOnlyList<string> Arguments => File.ReadAllLines(_scratch.File("args.txt"));

    public IReadOnlyDictionary<string, string> Environment => File.ReadAllLines(_scratch.File("env.txt"))
        .Where(line => line.Contains('=', StringComparison.Ordinal))
        .Select(line => line.Split('=', 2))
        .GroupBy(parts => parts[0])
        .ToDictionary(group => group.Key, group => group.Last()[1]);

    public AgentRequest Request(string prompt = "do the work", string? model = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["PATH"] = Bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        };
        return new AgentRequest("task-1", prompt, Repo, OutputDirectory, model, variables);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
