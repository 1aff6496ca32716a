using System.Text.Json;
using System.Text.Json.Nodes;
using TokenGovernor.Cli.Tests.Infrastructure;

namespace TokenGovernor.Cli.Tests.Agents;

/// <summary>A sandbox with a <c>bin</c> folder put first on token-gov's PATH, holding fake agent CLIs.</summary>
internal sealed class AgentCliSandbox : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public AgentCliSandbox() => Directory.CreateDirectory(Bin);

    public Sandbox Sandbox => _sandbox;

    public string Bin => Path.Combine(_sandbox.Root, "bin");

    /// <summary>
    /// Puts <paramref name="program"/> on PATH as the dummy agent in <paramref name="mode"/> (e.g. <c>--codex-json</c>)
    /// with a script of its own; it records its arguments in <c>program.args</c>.
    /// </summary>
    public void FakeAgent(string program, string mode, params string[] script) =>
        Executable(program, $"""
            #!/bin/sh
            printf '%s\n' "$@" > {Quote(Path.Combine(_sandbox.Root, program + ".args"))}
            exec dotnet {Quote(TokenGov.DummyAgentDll)} {mode} {string.Join(' ', script.Select(Quote))} --end-script "$@"

            """);

    public void Executable(string program, string script)
    {
        var path = Path.Combine(Bin, program);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public IReadOnlyList<string> ArgumentsOf(string program) => File.ReadAllLines(Path.Combine(_sandbox.Root, program + ".args"));

    /// <summary>One task in <c>acme/web</c> for <paramref name="runner"/>.</summary>
    public void TaskFor(string runner, string prompt = "create hello.txt")
    {
        _sandbox.Repo("acme/web");
        var task = new JsonObject { ["id"] = "hello", ["repo"] = "acme/web", ["priority"] = 1, ["title"] = "Say hello", ["prompt"] = prompt, ["runner"] = runner };
        var file = new JsonObject { ["tasks"] = new JsonArray(task) };
        _sandbox.WriteFile("tasks.json", file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public string RepoFile(string name) => Path.Combine(_sandbox.ReposDir, "acme/web", name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var environment = new Dictionary<string, string?> { ["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH") };
        using var running = TokenGov.Start(_sandbox.Root, environment, args);
        return await running.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public void Dispose() => _sandbox.Dispose();

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
