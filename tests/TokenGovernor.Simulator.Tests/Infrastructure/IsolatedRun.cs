using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TokenGovernor.Simulator.Tests.Infrastructure;

/// <summary>What an agent CLI printed, and what the simulator served it.</summary>
public sealed record AgentRun(int ExitCode, string Stdout, string Stderr, IReadOnlyList<JsonObject> Served)
{
    public IEnumerable<JsonObject> StdoutJson => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonNode.Parse(line)!.AsObject());

    /// <summary>The sum of one usage field over every answer the simulator served.</summary>
    public long ServedTotal(string field) => Served.Where(entry => entry["usage"] is not null).Sum(entry => (long)entry["usage"]![field]!);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs an agent CLI with the simulator inside one loopback-only network namespace (tools/agents/isolated.sh), in a
/// throw-away HOME. Inside the namespace the simulator always listens on 127.0.0.1:18181.
/// </summary>
public sealed class IsolatedRun : IDisposable
{
    public const string SimulatorUrl = "http://127.0.0.1:18181";

    public IsolatedRun()
    {
        Root = Directory.CreateTempSubdirectory("token-gov-cli-").FullName;
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        Repo = Directory.CreateDirectory(Path.Combine(Root, "my_repo")).FullName;
        Git("init", "-q");
        Git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "start");
    }

    public string Root { get; }

    public string Home { get; }

    public string Repo { get; }

    public Task<AgentRun> RunAsync(string scenarioJson, IReadOnlyDictionary<string, string> environment, string? stdin, string cli, params string[] args) =>
        RunProgramAsync(scenarioJson, environment, stdin, Repo, AgentClis.Binary(cli), args);

    /// <summary>Runs any program (e.g. token-gov itself, driving the CLIs) in <paramref name="workingDirectory"/> beside the simulator.</summary>
    public async Task<AgentRun> RunProgramAsync(
        string scenarioJson, IReadOnlyDictionary<string, string> environment, string? stdin, string workingDirectory, string program, params string[] args)
    {
        var scenario = Path.Combine(Root, $"scenario-{Guid.NewGuid():N}.json");
        var log = Path.ChangeExtension(scenario, ".log.jsonl");
        await File.WriteAllTextAsync(scenario, scenarioJson);
        var start = new ProcessStartInfo(AgentClis.Tool("isolated.sh"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["--simulator", scenario, "--log", log, "--token-gov", TokenGovProcess.Dll, "--", program, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = Home;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within 240 s\n{await stderr}");
        }

        var served = File.Exists(log)
            ? File.ReadAllLines(log).Select(line => JsonNode.Parse(line)!.AsObject()).Where(entry => entry["event"] is null).ToList()
            : [];
        return new AgentRun(process.ExitCode, await stdout, await stderr, served);
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
